import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEAD_NAMES, createHead } from './head';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function weightValues(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (weight) => Array.from(await weight.data())));
}

describe('createHead', () => {
  it('is Dense(hidden, relu) -> Dense(classes, softmax) on [inputSize]', async () => {
    const head = createHead({ inputSize: 8, hiddenUnits: 5, numClasses: 3, seed: 1 });
    expect(head.name).toBe(HEAD_NAMES.model);
    expect(head.inputs[0].shape).toEqual([null, 8]);
    expect(head.outputs[0].shape).toEqual([null, 3]);
    expect(head.layers.map((layer) => layer.name)).toEqual([HEAD_NAMES.hidden, HEAD_NAMES.output]);
    const configs = head.layers.map((layer) => layer.getConfig());
    expect(configs.map((config) => [config.units, config.activation])).toEqual([
      [5, 'relu'],
      [3, 'softmax'],
    ]);

    const sums = tf.tidy(() => tf.sum(head.predict(tf.ones([2, 8])) as tf.Tensor, 1));
    (await sums.data()).forEach((sum) => expect(sum).toBeCloseTo(1, 5));
    sums.dispose();
    head.dispose();
  });

  it('draws the same initial weights for the same seed', async () => {
    const config = { inputSize: 6, hiddenUnits: 4, numClasses: 2, seed: 7 };
    const [a, b, c] = [createHead(config), createHead(config), createHead({ ...config, seed: 8 })];
    expect(await weightValues(a)).toEqual(await weightValues(b));
    expect(await weightValues(a)).not.toEqual(await weightValues(c));
    [a, b, c].forEach((head) => head.dispose());
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => createHead({ inputSize: 0, hiddenUnits: 4, numClasses: 2, seed: 1 })).toThrow(/inputSize/);
    expect(() => createHead({ inputSize: 4, hiddenUnits: 4, numClasses: 1.5, seed: 1 })).toThrow(/numClasses/);
  });
});
