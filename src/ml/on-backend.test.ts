import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeBackend, onBackend } from './on-backend';
import { trainHead, type EmbeddedSet } from './train-head';
import { createRng } from './rng';

function generatedSet(count: number, size: number, classes: number, seed: number): EmbeddedSet {
  const random = createRng(seed);
  const embeddings = Array.from({ length: count }, (_, i) =>
    Float32Array.from({ length: size }, (_, j) => random() * 3 + (j % classes === i % classes ? 1 : 0)),
  );
  return { embeddings, labels: embeddings.map((_, i) => i % classes) };
}

const config = { epochs: 3, batchSize: 8, learningRate: 0.01, hiddenUnits: 12, seed: 9 };

describe('onBackend', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('makes the previous backend active again, also after a failure', async () => {
    expect(await onBackend('wasm', async () => tf.getBackend())).toBe('wasm');
    expect(tf.getBackend()).toBe('cpu');
    await expect(onBackend('wasm', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(tf.getBackend()).toBe('cpu');
    await expect(onBackend('no-such-backend', async () => 1)).rejects.toThrow(/not found|not available/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('names the backend it will return to as home while the work runs elsewhere', async () => {
    expect(homeBackend()).toBe('cpu');
    expect(await onBackend('wasm', async () => [tf.getBackend(), homeBackend()])).toEqual(['wasm', 'cpu']);
    expect(homeBackend()).toBe('cpu');
  });

  it('trains the head on the backend asked for: the same model as training there, usable from the active backend', async () => {
    const train = generatedSet(30, 16, 3, 1);
    const val = generatedSet(9, 16, 3, 2);
    await tf.setBackend('wasm');
    const there = await trainHead(train, val, 3, config);
    const thereWeights = await Promise.all(there.head.getWeights().map((w) => w.data()));
    await tf.setBackend('cpu');

    const tensors = tf.memory().numTensors;
    const moved = await trainHead(train, val, 3, config, {}, { backend: 'wasm' });
    expect(tf.getBackend()).toBe('cpu');
    expect(moved.epochs).toEqual(there.epochs.map((log, i) => ({ ...log, elapsedMs: moved.epochs[i].elapsedMs })));
    const movedWeights = await Promise.all(moved.head.getWeights().map((w) => w.data()));
    expect(movedWeights).toEqual(thereWeights);
    // The head's tensors move to the active backend when it uses them.
    const probabilities = tf.tidy(() => (moved.head.predict(tf.tensor2d(val.embeddings[0], [1, 16])) as tf.Tensor).dataSync());
    expect(Array.from(probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    moved.head.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    await tf.setBackend('wasm');
    there.head.dispose();
    await tf.setBackend('cpu');
  }, 60_000);
});
