import * as tf from '@tensorflow/tfjs';

/**
 * Runs `work` with `backend` as tfjs's active backend and makes the previous one active again
 * afterwards, even when `work` throws. Tensors made before stay where they are and move to the
 * backend that next uses them (tfjs moves a tensor's data on first use by another backend), so
 * a head trained here on wasm from embeddings held in JS memory can be used by a trunk on
 * webgl or webgpu afterwards. With no backend, or the active one, it just runs `work`.
 */
export async function onBackend<T>(backend: string | undefined, work: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  if (!backend || backend === previous) return work();
  if (!(await tf.setBackend(backend))) throw new Error(`The ${backend} backend is not available here.`);
  away = previous;
  try {
    return await work();
  } finally {
    away = null;
    await tf.setBackend(previous);
  }
}

/** The backend onBackend will return to, while it runs work elsewhere. */
let away: string | null = null;

/**
 * The backend the worker computes on: the active one, or, while onBackend runs the head on
 * another, the one it returns to (the trunk's). A lost WebGL context matters then too.
 */
export function homeBackend(): string {
  return away ?? tf.getBackend();
}
