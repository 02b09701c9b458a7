import * as tf from '@tensorflow/tfjs';
import type { FoldedTrunk } from './folded-trunk';
import { preprocessPixels, type PixelImage } from './preprocess';
import { predictTensor } from './predict-tensor';
import { readRows } from './rows';
import type { Trunk } from './trunk';

/**
 * Images -> embeddings. Embeddings leave the backend as one Float32Array per image, so the
 * dataset lives in JS memory (not on the GPU) and an example can be removed on its own.
 */

/** What turns a preprocessed batch into embeddings: the trunk's layers model, or its folded executor (folded-trunk.ts). */
export type TrunkRunner = Trunk | FoldedTrunk;

/** [n, S, S, 3] -> [n, embeddingSize], owned by the caller. */
export function runTrunk(runner: TrunkRunner, batch: tf.Tensor4D): tf.Tensor2D {
  if ('embed' in runner) return runner.embed(batch);
  return tf.tidy(() => predictTensor(runner.model, batch) as tf.Tensor2D);
}

/** Embeds an already preprocessed batch. The batch stays the caller's to dispose. */
export async function embedBatch(runner: TrunkRunner, batch: tf.Tensor4D): Promise<Float32Array[]> {
  const embeddings = runTrunk(runner, batch);
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
  runner: TrunkRunner,
  images: PixelImage[],
  batchSize = 16,
  onBatch?: (done: number, total: number) => void | Promise<void>,
): Promise<Float32Array[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`Batch size must be a positive integer, got ${batchSize}.`);
  }
  const embeddings: Float32Array[] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const batch = preprocessPixels(images.slice(start, start + batchSize), runner.imageSize);
    try {
      embeddings.push(...(await embedBatch(runner, batch)));
    } finally {
      batch.dispose();
    }
    await onBatch?.(embeddings.length, images.length);
  }
  return embeddings;
}
