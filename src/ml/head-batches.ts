import * as tf from '@tensorflow/tfjs';
import type { HeadBatch } from './head-gradients';

/**
 * Cuts training batches on the JS side, straight from the stored embeddings, in the layout the
 * hand-written step wants (head-gradients.ts): rows with a trailing 1, the same values as
 * columns, and one-hot labels. Copying floats in JS and uploading them costs far less than
 * gathering and transposing on the backend: tfjs-wasm's Gather, SplitV and Transpose walk every
 * element with generic index arithmetic.
 */

/** Reusable JS buffers for cutting batches: one allocation per run instead of three per batch. */
export interface BatchScratch {
  rows: Float32Array;
  columns: Float32Array;
  oneHot: Float32Array;
}

export function batchScratch(batchSize: number, inputSize: number, numClasses: number): BatchScratch {
  return {
    rows: new Float32Array(batchSize * (inputSize + 1)),
    columns: new Float32Array(batchSize * (inputSize + 1)),
    oneHot: new Float32Array(batchSize * numClasses),
  };
}

/**
 * `order[start .. start + size)` as one batch; the caller disposes its tensors. With `scratch`
 * (sized for at least `size` rows) the values are assembled there before the upload copies them.
 */
export function cutBatch(
  embeddings: readonly Float32Array[],
  labels: readonly number[],
  numClasses: number,
  order: readonly number[],
  start: number,
  size: number,
  scratch: BatchScratch = batchScratch(size, embeddings[0].length, numClasses),
): HeadBatch {
  const inputSize = embeddings[0].length;
  const width = inputSize + 1;
  const rows = scratch.rows.subarray(0, size * width);
  const columns = scratch.columns.subarray(0, width * size);
  const oneHot = scratch.oneHot.subarray(0, size * numClasses);
  oneHot.fill(0);
  for (let i = 0; i < size; i++) {
    const index = order[start + i];
    const embedding = embeddings[index];
    rows.set(embedding, i * width);
    rows[i * width + inputSize] = 1;
    for (let j = 0, at = i; j < inputSize; j++, at += size) columns[at] = embedding[j];
    columns[inputSize * size + i] = 1;
    oneHot[i * numClasses + labels[index]] = 1;
  }
  return {
    rows: tf.tensor2d(rows, [size, width], 'float32'),
    columns: tf.tensor2d(columns, [width, size], 'float32'),
    oneHot: tf.tensor2d(oneHot, [size, numClasses], 'float32'),
  };
}

export function disposeBatch(batch: HeadBatch): void {
  tf.dispose([batch.rows, batch.columns, batch.oneHot]);
}

/** Every example of a set as one batch in its stored order (validation). */
export function wholeSet(embeddings: readonly Float32Array[], labels: readonly number[], numClasses: number): HeadBatch {
  return cutBatch(
    embeddings,
    labels,
    numClasses,
    labels.map((_, i) => i),
    0,
    labels.length,
  );
}
