import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTensors } from '../memory';
import { createScratchFeatures, SCRATCH_FEATURES } from './scratch-cnn';
import { runScratch } from './strategy-runs';
import { blobImages } from './testing/synthetic-images';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

describe('the scratch CNN', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('maps an image to a feature vector, the same for the same seed', async () => {
    const a = createScratchFeatures(16, 3);
    const b = createScratchFeatures(16, 3);
    const c = createScratchFeatures(16, 4);
    expect(a.outputs[0].shape).toEqual([null, SCRATCH_FEATURES]);
    const kernel = async (m: tf.LayersModel) => Array.from(await m.getLayer('scratch_conv_1').getWeights()[0].data());
    expect(await kernel(a)).toEqual(await kernel(b));
    expect(await kernel(a)).not.toEqual(await kernel(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('learns a separable synthetic task from scratch and frees everything', async () => {
    const before = countTensors();
    const sets = { train: blobImages(48, 16, 1), val: blobImages(16, 16, 2), test: blobImages(16, 16, 3) };
    const epochs: number[] = [];
    const result = await runScratch(
      16,
      sets,
      { numClasses: 2, epochs: 15, batchSize: 8, hiddenUnits: 16, seed: 7, learningRate: 0.003 },
      {
        onEpoch: async (e) => {
          epochs.push(e.epoch);
        },
        shouldStop: () => false,
      },
    );
    expect(epochs).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(result.epochs[0].valAccuracy).toBeLessThan(0.8);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.epochs.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(countTensors()).toBe(before);
  });

  it('stops when asked and reports no test score', async () => {
    const sets = { train: blobImages(16, 16, 1), val: blobImages(4, 16, 2), test: blobImages(4, 16, 3) };
    let calls = 0;
    const result = await runScratch(
      16,
      sets,
      { numClasses: 2, epochs: 10, batchSize: 4, hiddenUnits: 8, seed: 1, learningRate: 0.001 },
      {
        onEpoch: async () => undefined,
        shouldStop: () => ++calls > 6,
      },
    );
    expect(result.stoppedEarly).toBe(true);
    expect(result.testAccuracy).toBeNull();
    expect(result.epochs.length).toBeLessThan(11);
  });
});
