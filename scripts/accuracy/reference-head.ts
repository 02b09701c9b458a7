// A reference head for measuring the head levers that the app's training loop (src/ml/train-head.ts,
// hand-written gradients) does not have: dropout, L2 on the kernels, label smoothing, and a linear
// head. It is trained with tf.layers and model.fit, from the same seeded initial weights as the
// app's head (createHead) and with the batches in the same order as trainHead draws them, as
// src/ml/train-head-reference.test.ts does; that test shows fit and trainHead agree for the plain
// recipe. Each lever measured here is compared with the plain recipe run through this same path.
import * as tf from '@tensorflow/tfjs';
import { createHead } from '../../src/ml/head';
import { createRng, shuffledIndices } from '../../src/ml/rng';
import { packRows } from '../../src/ml/rows';
import type { EmbeddedSet, TrainConfig } from '../../src/ml/train-head';

export interface ReferenceHeadOptions {
  /** Dropout rate after the hidden layer (0: none). */
  dropout?: number;
  /** L2 penalty factor on both kernels, added to the loss (0: none). */
  l2?: number;
  /** Label smoothing ε: targets become (1 − ε)·one-hot + ε / classes. */
  labelSmoothing?: number;
  /** Softmax regression (one Dense layer) instead of Dense(hidden) → softmax. */
  linear?: boolean;
}

function buildHead(inputSize: number, numClasses: number, config: TrainConfig, options: ReferenceHeadOptions): tf.Sequential {
  const dropout = options.dropout ?? 0;
  const l2 = options.l2 ?? 0;
  if (!options.linear && dropout === 0 && l2 === 0) {
    return createHead({ inputSize, hiddenUnits: config.hiddenUnits, numClasses, seed: config.seed });
  }
  const regularizer = l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2 }) } : {};
  const layers: tf.layers.Layer[] = [];
  if (!options.linear) {
    layers.push(
      tf.layers.dense({
        inputShape: [inputSize],
        units: config.hiddenUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed }),
        ...regularizer,
      }),
    );
    if (dropout > 0) layers.push(tf.layers.dropout({ rate: dropout, seed: config.seed + 2 }));
  }
  layers.push(
    tf.layers.dense({
      ...(options.linear ? { inputShape: [inputSize] } : {}),
      units: numClasses,
      activation: 'softmax',
      // Same seeds as createHead, so the hidden and output kernels start where the app's do.
      kernelInitializer: tf.initializers.glorotUniform({ seed: options.linear ? config.seed : config.seed + 1 }),
      ...regularizer,
    }),
  );
  return tf.sequential({ layers });
}

/** Trains the reference head on `train` and returns it (the caller disposes it). */
export async function fitReferenceHead(
  train: EmbeddedSet,
  numClasses: number,
  config: TrainConfig,
  options: ReferenceHeadOptions = {},
): Promise<tf.LayersModel> {
  const model = buildHead(train.embeddings[0].length, numClasses, config, options);
  const optimizer = tf.train.adam(config.learningRate);
  const smoothing = options.labelSmoothing ?? 0;
  const loss =
    smoothing > 0
      ? (yTrue: tf.Tensor, yPred: tf.Tensor) =>
          tf.tidy(() => tf.metrics.categoricalCrossentropy(yTrue.mul(1 - smoothing).add(smoothing / numClasses), yPred).mean())
      : 'categoricalCrossentropy';
  model.compile({ optimizer, loss });
  const xs = packRows(train.embeddings);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), numClasses).cast('float32'));
  const rng = createRng(config.seed);
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const order = tf.tensor1d(shuffledIndices(train.labels.length, rng), 'int32');
      const epochXs = tf.gather(xs, order);
      const epochYs = tf.gather(ys, order);
      await model.fit(epochXs, epochYs, { batchSize: config.batchSize, epochs: 1, shuffle: false, verbose: 0 });
      tf.dispose([order, epochXs, epochYs]);
    }
  } finally {
    tf.dispose([xs, ys]);
    optimizer.dispose();
  }
  return model;
}
