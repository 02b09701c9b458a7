import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headBackendFor, pickHeadPlacement, probeSet, timeHeadEpoch } from './head-placement';

describe('pickHeadPlacement', () => {
  it('keeps the faster way, and the CPU path on a tie or when the GPU way failed', () => {
    expect(pickHeadPlacement('webgl', 18, 356)).toMatchObject({ placement: 'cpu', backend: 'wasm', epochMs: { cpu: 18, backend: 356 } });
    expect(pickHeadPlacement('webgl', 18, 356).reason).toBe(
      'The head trains on the CPU (wasm): one epoch took 18 ms there; 356 ms on webgl (19.8x slower).',
    );
    expect(pickHeadPlacement('webgpu', 30, 12)).toMatchObject({ placement: 'backend', backend: 'webgpu' });
    expect(pickHeadPlacement('webgpu', 30, 12).reason).toBe(
      'The head trains on webgpu too: one epoch took 12 ms there; 30 ms on the CPU path (wasm).',
    );
    expect(pickHeadPlacement('webgl', 20, 20)).toMatchObject({ placement: 'cpu' });
    expect(pickHeadPlacement('webgl', 20, null)).toMatchObject({ placement: 'cpu', backend: 'wasm' });
    expect(pickHeadPlacement('webgl', null, 40)).toMatchObject({ placement: 'backend', backend: 'webgl' });
    expect(pickHeadPlacement('webgl', null, null)).toMatchObject({ placement: 'backend', backend: 'webgl' });
  });
});

describe('headBackendFor', () => {
  const measured = pickHeadPlacement('webgpu', 30, 12);
  it('follows the measurement on auto, the user otherwise, and never moves the head off a CPU backend', () => {
    expect(headBackendFor('webgpu', 'auto', measured)).toBe('webgpu');
    expect(headBackendFor('webgpu', 'cpu', measured)).toBe('wasm');
    expect(headBackendFor('webgl', 'backend', undefined)).toBe('webgl');
    // Not measured (an old remembered choice): the CPU path.
    expect(headBackendFor('webgl', 'auto', undefined)).toBe('wasm');
    expect(headBackendFor('wasm', 'backend', measured)).toBe('wasm');
    expect(headBackendFor('cpu', 'cpu', measured)).toBe('cpu');
  });
});

describe('timeHeadEpoch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('trains the generated head on the backend asked for, makes the previous one active again, and frees what it made', async () => {
    const set = probeSet(8, 20, 3, 5);
    expect(set.embeddings).toHaveLength(20);
    expect(set.labels.slice(0, 4)).toEqual([0, 1, 2, 0]);
    expect(probeSet(8, 20, 3, 5).embeddings[7]).toEqual(set.embeddings[7]);
    const tensors = tf.memory().numTensors;
    const ms = await timeHeadEpoch(64, 'wasm');
    expect(ms).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.memory().numTensors).toBe(tensors);
  }, 60_000);
});
