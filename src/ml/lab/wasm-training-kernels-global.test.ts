import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedBatch } from '../embed';
import { createRng } from '../rng';
import { buildV2NoTopStyleModel, TINY_IMAGE_SIZE } from '../testing/tiny-models';
import { trainHead } from '../train-head';
import { cutTrunk, disposeTrunk, type Trunk } from '../trunk';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

// registerWasmTrainingKernels() (called once by the lab service when the ML worker starts) changes
// the wasm backend for the whole worker, not only the lab's runs: embedding and head training run
// on the same registry. It is kept global on purpose (no unregistering between runs, which could
// race with an embedding batch awaiting inside a lab run), because every kernel it adds or replaces
// computes what tfjs's own does. This test pins that: the non-lab paths give the same numbers
// with and without it.

function images(count: number, seed: number): tf.Tensor4D {
  const rng = createRng(seed);
  const size = count * TINY_IMAGE_SIZE * TINY_IMAGE_SIZE * 3;
  return tf.tensor4d(
    Float32Array.from({ length: size }, () => rng() * 2 - 1),
    [count, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3],
  );
}

async function nonLabPaths(trunk: Trunk): Promise<{ embeddings: number[][]; losses: number[]; weights: number[] }> {
  const batch = images(6, 11);
  const embeddings = await embedBatch(trunk, batch);
  batch.dispose();
  const labels = [0, 1, 0, 1, 0, 1];
  const result = await trainHead({ embeddings, labels }, null, 2, { epochs: 3, batchSize: 4, learningRate: 0.01, hiddenUnits: 5, seed: 7 });
  // The trained weights too: the loop slices its packed weights back into the head's kernels and
  // biases (Slice, one of the replaced kernels) only after the last epoch.
  const weights = (await Promise.all(result.head.getWeights().map((w) => w.data()))).flatMap((values) => Array.from(values));
  result.head.dispose();
  return { embeddings: embeddings.map((e) => Array.from(e)), losses: result.epochs.map((e) => e.loss), weights };
}

describe('wasm training kernels, registered for the whole worker', () => {
  let trunk: Trunk;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny');
  });
  afterAll(async () => {
    disposeTrunk(trunk);
    await tf.setBackend('cpu');
  });

  it('leave embedding and head training unchanged', async () => {
    const before = await nonLabPaths(trunk);
    registerWasmTrainingKernels();
    const after = await nonLabPaths(trunk);
    expect(after.embeddings.length).toBe(6);
    for (const [i, row] of after.embeddings.entries())
      for (const [j, value] of row.entries()) expect(value).toBeCloseTo(before.embeddings[i][j], 6);
    for (const [i, loss] of after.losses.entries()) expect(loss).toBeCloseTo(before.losses[i], 6);
    expect(after.weights.length).toBe(before.weights.length);
    for (const [i, weight] of after.weights.entries()) expect(weight).toBeCloseTo(before.weights[i], 6);
  });
});
