import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrossValidationStopped, crossValidatedHeadAccuracy } from './head-cross-validation';
import { uniformClusters as clusters } from './testing/clusters';
import { DEFAULT_TRAIN_CONFIG } from './train-config';

const CONFIG = { ...DEFAULT_TRAIN_CONFIG, epochs: 15, hiddenUnits: 16, learningRate: 0.01 };

describe('crossValidatedHeadAccuracy', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('scores separable classes near 1 and noise near chance, and keeps no tensors', async () => {
    const before = tf.memory().numTensors;
    const apart = clusters(3, 12, 8, 0.1, 1);
    expect(await crossValidatedHeadAccuracy(apart.embeddings, apart.labels, 3, 3, CONFIG)).toBeGreaterThan(0.95);
    const noise = clusters(3, 12, 8, 40, 2);
    expect(await crossValidatedHeadAccuracy(noise.embeddings, noise.labels, 3, 3, CONFIG)).toBeLessThan(0.7);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects fewer than 2 folds and mismatched input', async () => {
    const set = clusters(2, 3, 4, 0.1, 4);
    await expect(crossValidatedHeadAccuracy(set.embeddings, set.labels, 2, 1, CONFIG)).rejects.toThrow(/2 folds/);
    await expect(crossValidatedHeadAccuracy(set.embeddings, [0], 2, 2, CONFIG)).rejects.toThrow(/labels/);
  });

  it('ends when shouldStop turns true, freeing the head of its fold', async () => {
    const before = tf.memory().numTensors;
    const set = clusters(2, 9, 8, 0.1, 5);
    let epochs = 0;
    const run = crossValidatedHeadAccuracy(set.embeddings, set.labels, 2, 3, CONFIG, {
      onEpoch: () => void epochs++,
      shouldStop: () => epochs >= 3,
    });
    await expect(run).rejects.toBeInstanceOf(CrossValidationStopped);
    expect(epochs).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
