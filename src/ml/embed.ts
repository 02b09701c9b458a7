import * as tf from '@tensorflow/tfjs';
import { preprocessPixels, type PixelImage } from './preprocess';
import { predictTensor } from './predict-tensor';
import { readRows } from './rows';
import type { Trunk } from './trunk';

/**
 * Images -> embeddings. Embeddings leave the backend as one Float32Array per image, so the
 * dataset lives in JS memory (not on the GPU) and an example can be removed on its own.
 */

/** Embeds an already preprocessed batch. The batch stays the caller's to dispose. */
export async function embedBatch(trunk: Trunk, batch: tf.Tensor4D): Promise<Float32Array[]> {
  const embeddings = tf.tidy(() => predictTensor(trunk.model, batch));
  try {
    return await readRows(embeddings);
  } finally {
    embeddings.dispose();
  }
}

/**
 * Preprocesses and embeds images in batches of `batchSize`, so peak memory stays bounded
 * whatever the number of images. `onBatch` is awaited after each batch: a worker can report
 * progress and yield to its message queue there.
 */
export async function embedPixels(
  trunk: Trunk,
  images: PixelImage[],
  batchSize = 16,
  onBatch?: (done: number, total: number) => void | Promise<void>,
): Promise<Float32Array[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`Batch size must be a positive integer, got ${batchSize}.`);
  }
  const embeddings: Float32Array[] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const batch = preprocessPixels(images.slice(start, start + batchSize), trunk.imageSize);
    try {
      embeddings.push(...(await embedBatch(trunk, batch)));
    } finally {
      batch.dispose();
    }
    await onBatch?.(embeddings.length, images.length);
  }
  return embeddings;
}
