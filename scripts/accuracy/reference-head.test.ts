import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHead } from '../../src/ml/head';
import { countTensors } from '../../src/ml/memory';
import { gaussianClusters } from '../../src/ml/testing/clusters';
import { trainHead, type EmbeddedSet, type TrainConfig } from '../../src/ml/train-head';
import { fitReferenceHead } from './reference-head';

// The harness compares each lever with the plain recipe through this same path and quotes the
// table's baseline for it: that holds only while the plain reference head is trainHead's head.
const train = gaussianClusters({ classes: 3, perClass: 12, dimensions: 8, spread: 2.5, seed: 5 });
const config: TrainConfig = { epochs: 6, batchSize: 16, learningRate: 0.01, hiddenUnits: 10, seed: 7 };

function kernelNorm(model: tf.LayersModel): number {
  let sum = 0;
  for (const layer of model.layers) {
    const [kernel] = layer.getWeights();
    if (kernel) sum += tf.tidy(() => kernel.square().sum().dataSync()[0]);
  }
  return Math.sqrt(sum);
}

/** Mean over the photos of the probability given to the most likely class. */
function meanTopProbability(model: tf.LayersModel, set: EmbeddedSet): number {
  return tf.tidy(() => {
    const p = model.predict(tf.tensor2d(set.embeddings.map((row) => [...row]))) as tf.Tensor2D;
    return p.max(1).mean().dataSync()[0];
  });
}

describe('fitReferenceHead', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("without levers ends with trainHead's weights (same seed, same batches)", async () => {
    const ours = (await trainHead(train, null, 3, config)).head;
    const reference = await fitReferenceHead(train, 3, config);
    const a = ours.getWeights().map((w) => w.dataSync());
    const b = reference.getWeights().map((w) => w.dataSync());
    expect(b.length).toBe(a.length);
    a.forEach((values, k) => values.forEach((v, i) => expect(Math.abs(v - b[k][i])).toBeLessThan(1e-4)));
    ours.dispose();
    reference.dispose();
  });

  it("with dropout or L2 starts from createHead's weights", async () => {
    const start = createHead({ inputSize: 8, hiddenUnits: config.hiddenUnits, numClasses: 3, seed: config.seed });
    for (const options of [{ dropout: 0.5 }, { l2: 0.01 }]) {
      const untrained = await fitReferenceHead(train, 3, { ...config, epochs: 0 }, options);
      const a = start.getWeights().map((w) => w.dataSync());
      const b = untrained.getWeights().map((w) => w.dataSync());
      expect(b.length).toBe(a.length);
      a.forEach((values, k) => expect([...b[k]]).toEqual([...values]));
      untrained.dispose();
    }
    start.dispose();
  });

  it('L2 on the kernels ends with smaller kernels than none', async () => {
    const plain = await fitReferenceHead(train, 3, config);
    const decayed = await fitReferenceHead(train, 3, config, { l2: 0.05 });
    expect(kernelNorm(decayed)).toBeLessThan(0.95 * kernelNorm(plain));
    plain.dispose();
    decayed.dispose();
  });

  it('label smoothing caps the confidence on the training photos', async () => {
    // Well separated clusters: without smoothing the head heads for probability 1 on every photo;
    // with ε = 0.3 the loss is lowest at the smoothed target, 1 - 0.3 + 0.3 / 3 = 0.8.
    const separated = gaussianClusters({ classes: 3, perClass: 12, dimensions: 8, spread: 0.5, seed: 5 });
    const long = { ...config, epochs: 60 };
    const plain = await fitReferenceHead(separated, 3, long);
    const smoothed = await fitReferenceHead(separated, 3, long, { labelSmoothing: 0.3 });
    expect(meanTopProbability(plain, separated)).toBeGreaterThan(0.97);
    expect(meanTopProbability(smoothed, separated)).toBeGreaterThan(0.7);
    expect(meanTopProbability(smoothed, separated)).toBeLessThan(0.88);
    plain.dispose();
    smoothed.dispose();
  });

  it('the linear head is one softmax layer; dropout adds a layer and changes training; no tensors are left behind', async () => {
    const before = countTensors();
    const linear = await fitReferenceHead(train, 3, config, { linear: true });
    expect(linear.layers.map((l) => l.getClassName())).toEqual(['Dense']);
    expect(linear.outputs[0].shape).toEqual([null, 3]);
    const plain = await fitReferenceHead(train, 3, config);
    const dropped = await fitReferenceHead(train, 3, config, { dropout: 0.5 });
    expect(dropped.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense']);
    expect(kernelNorm(dropped)).not.toBeCloseTo(kernelNorm(plain), 4);
    for (const model of [linear, plain, dropped]) model.dispose();
    expect(countTensors()).toBe(before);
  });
});
