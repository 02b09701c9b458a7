import * as tf from '@tensorflow/tfjs';

/**
 * A float32 tensor's values as a view of the wasm backend's heap, without the copy (and the
 * fresh 0.5 MB allocation) that tensor.data() makes: for the hidden layer's gradient, read once
 * per training step, data() cost several times the Adam step it feeds. Relies on tfjs-wasm's
 * bookkeeping (dataIdMap entries with a memoryOffset, HEAPF32), so it checks what it finds and
 * returns null when anything differs; the caller then uses data(). The view is valid only until
 * the backend next allocates (the heap may grow and move): copy it out at once.
 */
export function wasmFloat32View(tensor: tf.Tensor): Float32Array | null {
  if (tensor.dtype !== 'float32' || tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as {
    dataIdMap?: { get(dataId: object): { memoryOffset?: unknown } | undefined };
    wasm?: { HEAPF32?: Float32Array };
  };
  const entry = backend.dataIdMap?.get(tensor.dataId);
  const heap = backend.wasm?.HEAPF32;
  const offset = entry?.memoryOffset;
  if (!heap || typeof offset !== 'number' || offset % 4 !== 0) return null;
  const start = offset / 4;
  if (start + tensor.size > heap.length) return null;
  return heap.subarray(start, start + tensor.size);
}
