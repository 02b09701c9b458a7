import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTensors } from '../memory';
import { FlatAdam } from './flat-adam';

/** Two small layers' worth of variables and a loss that depends on all of them. */
function problem(seed: number) {
  const w1 = tf.variable(tf.randomNormal([3, 4], 0, 1, 'float32', seed));
  const b1 = tf.variable(tf.zeros([4]));
  const w2 = tf.variable(tf.randomNormal([4, 2], 0, 1, 'float32', seed + 1));
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', seed + 2);
  const loss = () => tf.tidy(() => tf.mean(tf.square(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2))) as tf.Scalar);
  return { variables: [w1, b1, w2], loss, dispose: () => tf.dispose([w1, b1, w2, x]) };
}

describe('FlatAdam', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('takes the same steps as tf.train.adam', async () => {
    const reference = problem(1);
    const flat = problem(1);
    const adam = tf.train.adam(0.05);
    const flatAdam = new FlatAdam(flat.variables, 0.05);
    for (let step = 0; step < 5; step++) {
      tf.dispose(adam.minimize(reference.loss, true, reference.variables) ?? []);
      tf.dispose(flatAdam.minimize(flat.loss));
    }
    for (let i = 0; i < 3; i++) {
      const expected = await reference.variables[i].data();
      const actual = await flat.variables[i].data();
      expected.forEach((v, k) => expect(actual[k]).toBeCloseTo(v, 5));
    }
    adam.dispose();
    flatAdam.dispose();
    reference.dispose();
    flat.dispose();
  });

  it('returns the loss and frees everything else', () => {
    const p = problem(3);
    const before = countTensors();
    const adam = new FlatAdam(p.variables, 0.01);
    const loss = adam.minimize(p.loss);
    expect(loss.shape).toEqual([]);
    loss.dispose();
    adam.dispose();
    expect(countTensors()).toBe(before);
    p.dispose();
  });
});
