import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { adamHyperParameters, referenceAdam } from './adam-reference';
import { FlatAdam } from './flat-adam';
import { JsAdam } from './js-adam';
import { SimdAdam } from './simd-adam';
import { TensorAdam } from './tensor-adam';

// Every form of Adam against the one reference (adam-reference.ts) on the same generated
// gradients over several steps, and tf.train.adam (what model.fit uses) against it too.

const SIZE = 4 * 37 + 3; // not a multiple of the SIMD form's 4 lanes
const STEPS = 12;
const CONFIG = { learningRate: 0.01, epsilon: 1e-7 };
/** Float32 storage and arithmetic against the float64 reference: a few float32 roundings of weights near 1 over 12 steps. */
const TOLERANCE = 2e-6;

const rng = createRng(15);
const initial = Float32Array.from({ length: SIZE }, () => rng() * 2 - 1);
const gradients = Array.from({ length: STEPS }, (_, step) =>
  // Gradients of several scales, and exact zeros (dead ReLU units) on some steps.
  Float32Array.from({ length: SIZE }, (_, i) => (step % 4 === 3 && i % 3 === 0 ? 0 : (rng() - 0.5) * 10 ** -(i % 4))),
);
const expected = referenceAdam(initial, gradients, adamHyperParameters(CONFIG, CONFIG.epsilon));

function worstDifference(actual: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < SIZE; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** A loss whose gradient with respect to the variables is exactly `gradient`: sum(p * g). */
function linearLoss(variables: tf.Variable[], gradient: Float32Array): () => tf.Scalar {
  return () =>
    tf.tidy(() => {
      let offset = 0;
      const terms = variables.map((variable) => {
        const piece = tf.tensor(gradient.subarray(offset, offset + variable.size), variable.shape);
        offset += variable.size;
        return tf.sum(tf.mul(variable, piece));
      });
      return tf.addN(terms) as tf.Scalar;
    });
}

describe.each(['cpu', 'wasm'])('every form of Adam on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the reference moves the weights (so agreeing with it means something)', () => {
    expect(Math.max(...initial.map((v, i) => Math.abs(v - expected[i])))).toBeGreaterThan(0.05);
  });

  it('tf.train.adam (model.fit) follows the reference', async () => {
    const variable = tf.variable(tf.tensor1d(initial));
    const adam = tf.train.adam(CONFIG.learningRate, undefined, undefined, CONFIG.epsilon);
    for (const gradient of gradients) tf.dispose(adam.minimize(linearLoss([variable], gradient), true, [variable]) ?? []);
    expect(worstDifference(await variable.data())).toBeLessThan(TOLERANCE);
    adam.dispose();
    variable.dispose();
  });

  it('TensorAdam (tensors, rescaled moments) follows the reference', async () => {
    const adam = new TensorAdam([[SIZE]], CONFIG);
    let params: tf.Tensor = tf.tensor1d(initial);
    for (const gradient of gradients) {
      const g = tf.tensor1d(gradient);
      const [next] = adam.step([params], [g]);
      tf.dispose([params, g]);
      params = next;
    }
    expect(worstDifference(await params.data())).toBeLessThan(TOLERANCE);
    params.dispose();
    adam.dispose();
  });

  it('FlatAdam (all variables as one vector) follows the reference', async () => {
    const a = tf.variable(tf.tensor2d(initial.subarray(0, 60), [12, 5]));
    const b = tf.variable(tf.tensor1d(initial.subarray(60)));
    const adam = new FlatAdam([a, b], CONFIG.learningRate);
    for (const gradient of gradients) tf.dispose(adam.minimize(linearLoss([a, b], gradient)));
    const actual = new Float32Array(SIZE);
    actual.set(await a.data(), 0);
    actual.set(await b.data(), 60);
    // FlatAdam takes the backend's epsilon; both backends' is 1e-7, CONFIG's.
    expect(tf.backend().epsilon()).toBe(CONFIG.epsilon);
    expect(worstDifference(actual)).toBeLessThan(TOLERANCE);
    adam.dispose();
    tf.dispose([a, b]);
  });

  it('SimdAdam (one WebAssembly SIMD pass) follows the reference', () => {
    const adam = SimdAdam.create(initial, CONFIG);
    expect(adam).not.toBeNull();
    for (const gradient of gradients) adam!.step(gradient);
    expect(worstDifference(adam!.params)).toBeLessThan(TOLERANCE);
  });

  it('JsAdam (a plain JS loop) follows the reference', () => {
    const params = Float32Array.from(initial);
    const adam = new JsAdam(params, CONFIG);
    for (const gradient of gradients) adam.step(Float64Array.from(gradient));
    expect(worstDifference(params)).toBeLessThan(TOLERANCE);
  });
});
