// The second embedder: the decode worker's wasm backend and copy of the ML worker's folded trunk, loaded
// only when the ML worker asks for a second embedder (decode.worker.ts imports this on demand,
// so a worker that only decodes never loads TensorFlow.js).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { foldedTrunkFromPortable, stackWithMirrors, type PortableFoldedTrunk } from '../ml/second-embedder-entry';
import type { FoldedTrunk } from '../ml/second-embedder-entry';
import { decodeBatch } from './decode-batch';
import type { SecondEmbedderBatch } from './decode-protocol';
import type { ImageBytes } from '../protocol';
import { useBundledWasmBinaries } from './wasm-paths';

let loaded: { key: string; trunk: FoldedTrunk } | null = null;

export async function loadTrunk(key: string, portable: PortableFoldedTrunk): Promise<void> {
  if (loaded?.key === key) return;
  if (tf.getBackend() !== 'wasm') {
    useBundledWasmBinaries();
    if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend cannot start in the decode worker.');
    await tf.ready();
  }
  loaded?.trunk.dispose();
  loaded = null;
  const trunk = foldedTrunkFromPortable(portable);
  // One pass before the first real batch: XNNPACK sets up its operators here, not mid-run.
  const warm = tf.zeros([1, trunk.imageSize, trunk.imageSize, 3]) as tf.Tensor4D;
  try {
    const output = trunk.embed(warm);
    await output.data();
    output.dispose();
  } finally {
    warm.dispose();
  }
  loaded = { key, trunk };
}

/** With `mirrors`, each image's mirror view goes through the trunk in the same pass (mirror-stack.ts). */
export async function embedBatch(key: string, images: ImageBytes[], mirrors: boolean): Promise<SecondEmbedderBatch> {
  if (loaded?.key !== key) throw new Error('The decode worker does not hold this trunk.');
  const { trunk } = loaded;
  const decoded = await decodeBatch(images, trunk.imageSize);
  let values = new Float32Array(0);
  if (decoded.ids.length > 0) {
    const size = trunk.imageSize;
    const photos = tf.tensor4d(decoded.values, [decoded.ids.length, size, size, 3], 'float32');
    const batch = mirrors ? stackWithMirrors(photos) : photos;
    try {
      const output = trunk.embed(batch);
      try {
        values = Float32Array.from((await output.data()) as Float32Array);
      } finally {
        output.dispose();
      }
    } finally {
      photos.dispose();
      batch.dispose();
    }
  }
  const half = mirrors ? values.length / 2 : values.length;
  return {
    ids: decoded.ids,
    failures: decoded.failures,
    embeddings: values.slice(0, half),
    mirrors: mirrors ? values.slice(half) : new Float32Array(0),
    rawPixels: decoded.rawPixels,
  };
}
