import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

/** The gradients of convolutions on wasm (with the kernels added here) equal the cpu backend's. */

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid';
  depthwise: boolean;
}

const CASES: Case[] = [
  { name: '3x3 stride 1 same', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same', depthwise: false },
  { name: '3x3 stride 2 same, odd size', x: [2, 9, 7, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same', depthwise: false },
  { name: '1x1 pointwise', x: [3, 5, 5, 6], filter: [1, 1, 6, 7], strides: 1, pad: 'same', depthwise: false },
  { name: '2x3 valid stride 2', x: [1, 8, 9, 2], filter: [2, 3, 2, 3], strides: 2, pad: 'valid', depthwise: false },
  { name: 'depthwise 3x3 stride 1', x: [2, 6, 6, 4], filter: [3, 3, 4, 1], strides: 1, pad: 'same', depthwise: true },
  { name: 'depthwise 3x3 stride 2, odd size', x: [2, 7, 9, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'same', depthwise: true },
  { name: 'depthwise multiplier 2, valid', x: [1, 6, 5, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'valid', depthwise: true },
];

function values(shape: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);
}

/** d(sum(conv(x, w) * weights))/dx and /dw, read back as arrays. */
async function gradients(backend: string, c: Case): Promise<{ dx: Float32Array; dw: Float32Array }> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(values(c.x, 1), c.x);
  const w = tf.tensor4d(values(c.filter, 2), c.filter);
  const conv = (a: tf.Tensor4D, b: tf.Tensor4D) =>
    c.depthwise ? tf.depthwiseConv2d(a, b, c.strides, c.pad) : tf.conv2d(a, b, c.strides, c.pad);
  const probe = conv(x, w);
  const outShape = probe.shape;
  probe.dispose();
  const weights = tf.tensor(values(outShape, 3), outShape);
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), weights)))([x, w]);
  const result = { dx: (await dx.data()) as Float32Array, dw: (await dw.data()) as Float32Array };
  tf.dispose([x, w, weights, dx, dw]);
  return result;
}

describe('wasm training kernels', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const c of CASES) {
    it(`gives the cpu backend's gradients: ${c.name}`, async () => {
      const expected = await gradients('cpu', c);
      const actual = await gradients('wasm', c);
      expect(actual.dx.length).toBe(expected.dx.length);
      expect(actual.dw.length).toBe(expected.dw.length);
      expected.dx.forEach((v, i) => expect(actual.dx[i]).toBeCloseTo(v, 4));
      expected.dw.forEach((v, i) => expect(actual.dw[i]).toBeCloseTo(v, 4));
    });
  }

  const TILES: { shape: number[]; reps: number[]; dtype: 'float32' | 'int32' }[] = [
    { shape: [1, 1, 1, 5], reps: [3, 4, 2, 1], dtype: 'float32' },
    { shape: [2, 3], reps: [2, 3], dtype: 'float32' },
    { shape: [4], reps: [3], dtype: 'int32' },
    { shape: [2, 1, 3], reps: [1, 5, 2], dtype: 'int32' },
  ];
  for (const { shape, reps, dtype } of TILES) {
    it(`tiles [${shape}] by [${reps}] (${dtype}) as the cpu backend does`, async () => {
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const x = tf.tensor(
          values(shape, 4).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v)),
          shape,
          dtype,
        );
        const tiled = tf.tile(x, reps);
        const result = { shape: tiled.shape, data: Array.from(await tiled.data()) };
        tf.dispose([x, tiled]);
        return result;
      };
      expect(await run('wasm')).toEqual(await run('cpu'));
    });
  }

  it('slices and splits as the cpu backend does', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tensor(values([3, 4, 5, 2], 5), [3, 4, 5, 2]);
      const flat = tf.tensor(values([23], 6), [23]);
      const outputs = [
        tf.slice(x, [1, 0, 2, 1], [2, 3, 2, 1]),
        tf.slice(x, [0, 1, 0, 0], [-1, 2, -1, -1]),
        ...tf.split(flat, [5, 1, 17]),
        ...tf.split(x, 2, 1),
        tf.slice(flat, [3], [0]),
      ];
      const result = await Promise.all(outputs.map(async (t) => ({ shape: t.shape, data: Array.from(await t.data()) })));
      tf.dispose([x, flat, ...outputs]);
      return result;
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });

  it('clones share data safely: disposing either side leaves the other intact', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor([1, 2, 3]);
    const copy = x.clone();
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3]);
    const again = copy.clone();
    copy.dispose();
    expect(Array.from(await again.data())).toEqual([1, 2, 3]);
    again.dispose();
  });

  it('leaves no tensors behind on wasm', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    await gradients('wasm', CASES[1]);
    await gradients('wasm', CASES[5]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is idempotent', () => {
    expect(() => registerWasmTrainingKernels()).not.toThrow();
  });
});
