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
  try {
    return await work();
  } finally {
    await tf.setBackend(previous);
  }
}
