import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTensors } from './memory';
import { gaussianClusters } from './testing/clusters';
import {
  DEFAULT_TRAIN_CONFIG,
  trainHead as trainHeadWith,
  type EmbeddedSet,
  type EpochLog,
  type TrainCallbacks,
  type TrainConfig,
} from './train-head';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = gaussianClusters({ classes: 3, perClass: 30, dimensions: 8, spread: 0.7, seed: 1 });
const val = gaussianClusters({ classes: 3, perClass: 6, dimensions: 8, spread: 0.7, seed: 1 });
const config: TrainConfig = { epochs: 20, batchSize: 16, learningRate: 0.01, hiddenUnits: 16, seed: 42 };

function withoutTimes(epochs: EpochLog[]): Omit<EpochLog, 'elapsedMs'>[] {
  return epochs.map(({ elapsedMs: _elapsed, ...rest }) => rest);
}

describe('DEFAULT_TRAIN_CONFIG', () => {
  it("matches Teachable Machine's defaults", () => {
    expect(DEFAULT_TRAIN_CONFIG).toEqual({ epochs: 50, batchSize: 16, learningRate: 0.001, hiddenUnits: 100, seed: 42 });
  });
});

describe.each(['js', 'backend'] as const)('trainHead, output layer in %s', (outputLayer) => {
  const trainHead = (t: EmbeddedSet, v: EmbeddedSet | null, n: number, c: TrainConfig, callbacks: TrainCallbacks = {}) =>
    trainHeadWith(t, v, n, c, callbacks, { outputLayer });

  it("learns separable clusters with Teachable Machine's defaults and logs every epoch", async () => {
    const seen: number[] = [];
    const result = await trainHead(train, val, 3, DEFAULT_TRAIN_CONFIG, {
      onEpoch: async (log) => {
        await Promise.resolve();
        seen.push(log.epoch);
      },
    });
    expect(result.stoppedEarly).toBe(false);
    expect(result.epochs.map((log) => log.epoch)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(seen).toEqual(result.epochs.map((log) => log.epoch));
    const first = result.epochs[0];
    const last = result.epochs[result.epochs.length - 1];
    expect(last.accuracy).toBeGreaterThan(0.95);
    expect(last.valAccuracy).toBeGreaterThan(0.9);
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.valLoss).not.toBeNull();
    result.epochs.forEach((log, i) => {
      expect(Number.isFinite(log.loss)).toBe(true);
      if (i > 0) expect(log.elapsedMs).toBeGreaterThanOrEqual(result.epochs[i - 1].elapsedMs);
    });
    result.head.dispose();
  });

  it('gives identical epoch logs for the same seed and different ones for another', async () => {
    const short = { ...config, epochs: 5 };
    const a = await trainHead(train, val, 3, short);
    const b = await trainHead(train, val, 3, short);
    const c = await trainHead(train, val, 3, { ...short, seed: 7 });
    expect(withoutTimes(a.epochs)).toEqual(withoutTimes(b.epochs));
    expect(withoutTimes(a.epochs)).not.toEqual(withoutTimes(c.epochs));
    [a, b, c].forEach((result) => result.head.dispose());
  });

  it('reports null validation metrics without a validation set', async () => {
    const result = await trainHead(train, null, 3, { ...config, epochs: 2 });
    expect(result.epochs.every((log) => log.valLoss === null && log.valAccuracy === null)).toBe(true);
    result.head.dispose();
  });

  it('stops part-way through an epoch and returns only completed epochs', async () => {
    let batches = 0;
    // 90 examples in batches of 16 is 6 batches per epoch; stop during the third epoch.
    const result = await trainHead(train, val, 3, config, { shouldStop: () => ++batches >= 15 });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochs.map((log) => log.epoch)).toEqual([1, 2]);
    expect(batches).toBe(15);
    result.head.dispose();
  });

  it('stops at an epoch boundary when asked during onEpoch', async () => {
    let stop = false;
    const result = await trainHead(train, null, 3, config, {
      onEpoch: (log) => {
        if (log.epoch === 3) stop = true;
      },
      shouldStop: () => stop,
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochs).toHaveLength(3);
    result.head.dispose();
  });

  it('leaves only the head behind, and nothing when the caller disposes it', async () => {
    const before = countTensors();
    const result = await trainHead(train, val, 3, { ...config, epochs: 3 });
    expect(countTensors()).toBe(before + result.head.weights.length);
    result.head.dispose();
    expect(countTensors()).toBe(before);

    const stopped = await trainHead(train, val, 3, config, { shouldStop: () => true });
    stopped.head.dispose();
    expect(countTensors()).toBe(before);
  });

  it('frees everything when a callback throws', async () => {
    const before = countTensors();
    await expect(
      trainHead(train, val, 3, config, {
        onEpoch: () => {
          throw new Error('worker gone');
        },
      }),
    ).rejects.toThrow('worker gone');
    expect(countTensors()).toBe(before);
  });

  it('rejects inconsistent data and configs before allocating anything', async () => {
    const before = countTensors();
    await expect(trainHead({ embeddings: [], labels: [] }, null, 2, config)).rejects.toThrow(/training set is empty/);
    await expect(trainHead({ embeddings: train.embeddings, labels: [0] }, null, 3, config)).rejects.toThrow(/90 embeddings but 1 labels/);
    await expect(trainHead(train, null, 2, config)).rejects.toThrow(/expected an integer in \[0, 2\)/);
    const shortVal = { embeddings: [new Float32Array(3)], labels: [0] };
    await expect(trainHead(train, shortVal, 3, config)).rejects.toThrow(/validation embedding 0 has 3 values; expected 8/);
    await expect(trainHead(train, null, 3, { ...config, batchSize: 0 })).rejects.toThrow(/Batch size/);
    await expect(trainHead(train, null, 3, { ...config, learningRate: 0 })).rejects.toThrow(/Learning rate/);
    expect(countTensors()).toBe(before);
  });
});
