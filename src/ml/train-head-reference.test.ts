import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createHead } from './head';
import { countTensors } from './memory';
import { createRng, shuffledIndices } from './rng';
import { packRows } from './rows';
import { gaussianClusters } from './testing/clusters';
import { trainHead, type EmbeddedSet, type TrainConfig } from './train-head';

/**
 * The hand-written training loop against tfjs' own model.fit: same initial weights (createHead
 * with the same seed), same Adam, same loss, and the batches fed to fit in the order the loop
 * draws them. The loss and accuracy logs and the final weights must agree.
 */

interface ReferenceRun {
  losses: number[];
  accuracies: number[];
  valLosses: number[];
  valAccuracies: number[];
  weights: Float32Array[];
  valProbabilities: Float32Array;
}

async function referenceFit(train: EmbeddedSet, val: EmbeddedSet, numClasses: number, config: TrainConfig): Promise<ReferenceRun> {
  const inputSize = train.embeddings[0].length;
  const model = createHead({ inputSize, hiddenUnits: config.hiddenUnits, numClasses, seed: config.seed });
  const optimizer = tf.train.adam(config.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = packRows(train.embeddings);
  const oneHot = (labels: number[]) => tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses).cast('float32'));
  const ys = oneHot(train.labels);
  const valXs = packRows(val.embeddings);
  const valYs = oneHot(val.labels);
  const rng = createRng(config.seed);
  const run: ReferenceRun = {
    losses: [],
    accuracies: [],
    valLosses: [],
    valAccuracies: [],
    weights: [],
    valProbabilities: new Float32Array(0),
  };
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const order = tf.tensor1d(shuffledIndices(train.labels.length, rng), 'int32');
    const epochXs = tf.gather(xs, order);
    const epochYs = tf.gather(ys, order);
    const history = await model.fit(epochXs, epochYs, {
      batchSize: config.batchSize,
      epochs: 1,
      shuffle: false,
      validationData: [valXs, valYs],
      verbose: 0,
    });
    run.losses.push(history.history.loss[0] as number);
    run.accuracies.push(history.history.acc[0] as number);
    run.valLosses.push(history.history.val_loss[0] as number);
    run.valAccuracies.push(history.history.val_acc[0] as number);
    tf.dispose([order, epochXs, epochYs]);
  }
  for (const weight of model.getWeights()) run.weights.push((await weight.data()) as Float32Array);
  const probabilities = model.predict(valXs) as tf.Tensor;
  run.valProbabilities = (await probabilities.data()) as Float32Array;
  probabilities.dispose();
  tf.dispose([xs, ys, valXs, valYs]);
  model.dispose();
  optimizer.dispose();
  return run;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative: number): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(relative * scale);
}

describe.each([
  ['cpu', 'js'],
  ['cpu', 'backend'],
  ['wasm', 'js'],
  ['wasm', 'backend'],
] as const)('trainHead against model.fit on the %s backend, output layer in %s', (backend, outputLayer) => {
  // Overlapping clusters, so the loss keeps moving for every epoch and nothing saturates early.
  const train = gaussianClusters({ classes: 4, perClass: 25, dimensions: 12, spread: 2.5, seed: 3 });
  const val = gaussianClusters({ classes: 4, perClass: 5, dimensions: 12, spread: 2.5, seed: 4 });

  it.each([
    {
      name: "Teachable Machine's batch size, last batch short",
      config: { epochs: 8, batchSize: 16, learningRate: 0.01, hiddenUnits: 10, seed: 42 },
    },
    { name: 'one batch per epoch', config: { epochs: 6, batchSize: 128, learningRate: 0.003, hiddenUnits: 7, seed: 9 } },
  ])(
    '$name: same losses, accuracies and final weights',
    async ({ config }) => {
      await tf.setBackend(backend);
      const before = countTensors();
      const ours = await trainHead(train, val, 4, config, {}, { outputLayer });
      const reference = await referenceFit(train, val, 4, config);

      expectClose(
        ours.epochs.map((log) => log.loss),
        reference.losses,
        1e-4,
      );
      expectClose(
        ours.epochs.map((log) => log.valLoss ?? NaN),
        reference.valLosses,
        1e-4,
      );
      // Same predictions: accuracies differ at most by float32 rounding of count / size.
      expectClose(
        ours.epochs.map((log) => log.accuracy),
        reference.accuracies,
        1e-6,
      );
      expectClose(
        ours.epochs.map((log) => log.valAccuracy ?? NaN),
        reference.valAccuracies,
        1e-6,
      );
      // The loss really moved: this is a comparison of trained heads, not of initial ones.
      expect(reference.losses.at(-1)!).toBeLessThan(reference.losses[0] * 0.9);

      const weights = ours.head.getWeights();
      for (const [i, weight] of weights.entries()) expectClose((await weight.data()) as Float32Array, reference.weights[i], 1e-4);
      // The returned head is a working layers model: it predicts what the reference predicts.
      const valXs = packRows(val.embeddings);
      const probabilities = ours.head.predict(valXs) as tf.Tensor;
      expectClose((await probabilities.data()) as Float32Array, reference.valProbabilities, 1e-4);
      tf.dispose([valXs, probabilities]);
      ours.head.dispose();
      expect(countTensors()).toBe(before);
    },
    60_000,
  );
});
