import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorAdam } from './tensor-adam';
import { createRng } from '../rng';
import { SIMD_ADAM_WASM, SimdAdam } from './simd-adam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SimdAdam', () => {
  it('is a valid WebAssembly module here (Node 20 has SIMD)', () => {
    expect(WebAssembly.validate(SIMD_ADAM_WASM)).toBe(true);
  });

  it.each([6, 1281 * 7, 13])('follows TensorAdam (and so tf.train.adam) step for step on %i weights', async (size) => {
    const rng = createRng(size);
    const initial = Float32Array.from({ length: size }, () => rng() - 0.5);
    const config = { learningRate: 0.01, epsilon: 1e-7 };
    const simd = SimdAdam.create(initial, config)!;
    expect(simd).not.toBeNull();
    const reference = new TensorAdam([[size]], config);
    let params: tf.Tensor = tf.tensor1d(initial);
    for (let step = 0; step < 25; step++) {
      // Some steps with exactly zero gradients, as dead ReLU units give.
      const gradient = Float32Array.from({ length: size }, (_, i) => (step % 5 === 4 && i % 2 === 0 ? 0 : (rng() - 0.5) * 0.1));
      simd.step(gradient);
      const g = tf.tensor1d(gradient);
      const [next] = reference.step([params], [g]);
      tf.dispose([params, g]);
      params = next;
    }
    const expected = (await params.data()) as Float32Array;
    let worst = 0;
    for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(simd.params[i] - expected[i]));
    expect(worst).toBeLessThan(1e-6);
    // The weights really moved.
    expect(Math.abs(simd.params[0] - initial[0])).toBeGreaterThan(1e-3);
    params.dispose();
    reference.dispose();
  });

  it('refuses a gradient of the wrong length', () => {
    const simd = SimdAdam.create(new Float32Array(8), { learningRate: 0.1, epsilon: 1e-7 })!;
    expect(() => simd.step(new Float32Array(7))).toThrow(/8 weights; got a gradient of 7/);
  });
});
