import * as tf from '@tensorflow/tfjs';
import { createHead } from './head';
import { createRng, shuffledIndices } from './rng';
import { packRows } from './rows';
import type { EpochLog, TrainConfig } from './train-config';

export { DEFAULT_TRAIN_CONFIG, type EpochLog, type TrainConfig } from './train-config';

/**
 * Trains the head on precomputed embeddings with a lean custom loop instead of model.fit:
 * fit's per-batch callback and logging machinery costs more than a batch of a tiny Dense head
 * does. Data is uploaded once, batches are gathered on the backend, and the backend is read
 * once per epoch.
 */

export interface EmbeddedSet {
  embeddings: Float32Array[];
  labels: number[];
}

export interface TrainCallbacks {
  /** Awaited after each epoch; a worker can yield to its message queue here. */
  onEpoch?: (log: EpochLog) => void | Promise<void>;
  /** Polled after every batch and every epoch; true ends training cleanly. */
  shouldStop?: () => boolean;
}

export interface TrainResult {
  /** Owned by the caller, who disposes it. */
  head: tf.Sequential;
  /** Completed epochs only; an epoch interrupted part-way is not logged. */
  epochs: EpochLog[];
  stoppedEarly: boolean;
}

interface PackedSet {
  xs: tf.Tensor2D;
  ys: tf.Tensor2D;
  size: number;
}

// Keras' epsilon: keeps log() finite when the softmax saturates.
const PROBABILITY_EPSILON = 1e-7;

/**
 * Trains a fresh head (createHead with config.hiddenUnits and config.seed) with Adam and
 * categorical cross-entropy. Each epoch visits the training set in a new order drawn from
 * createRng(config.seed), so the same seed and data give identical logs. Every tensor it makes
 * is freed before it returns or throws, except the returned head.
 */
export async function trainHead(
  train: EmbeddedSet,
  val: EmbeddedSet | null,
  numClasses: number,
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
): Promise<TrainResult> {
  assertValidConfig(config);
  const inputSize = assertValidSet('training', train, numClasses, null);
  const validation = val && val.labels.length > 0 ? val : null;
  if (validation) assertValidSet('validation', validation, numClasses, inputSize);

  const head = createHead({ inputSize, hiddenUnits: config.hiddenUnits, numClasses, seed: config.seed });
  const optimizer = tf.train.adam(config.learningRate);
  const packed: PackedSet[] = [];
  try {
    const trainSet = packSet(train, numClasses);
    packed.push(trainSet);
    const valSet = validation ? packSet(validation, numClasses) : null;
    if (valSet) packed.push(valSet);

    // An explicit variable list: without it minimize() differentiates with respect to every
    // trainable variable alive in the engine, e.g. another run's head.
    const variables = head.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const shouldStop = callbacks.shouldStop ?? (() => false);
    const rng = createRng(config.seed);
    const startedAt = performance.now();
    const epochs: EpochLog[] = [];

    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = shuffledIndices(trainSet.size, rng);
      const pass = trainOneEpoch(head, optimizer, variables, trainSet, order, config.batchSize, shouldStop);
      if (!pass.completed) {
        pass.totals.dispose();
        return { head, epochs, stoppedEarly: true };
      }
      const log = await summariseEpoch(head, epoch, pass.totals, trainSet.size, valSet, startedAt);
      epochs.push(log);
      await callbacks.onEpoch?.(log);
      if ((pass.stopRequested || shouldStop()) && epoch < config.epochs) {
        return { head, epochs, stoppedEarly: true };
      }
    }
    return { head, epochs, stoppedEarly: false };
  } catch (error) {
    head.dispose();
    throw error;
  } finally {
    for (const set of packed) tf.dispose([set.xs, set.ys]);
    // model.dispose() does not free the optimizer's moment estimates.
    optimizer.dispose();
  }
}

/**
 * One pass over the data in `order`. Returns the running [lossSum, correctCount] as a tensor,
 * still on the backend, and whether every batch ran before a stop was requested.
 */
function trainOneEpoch(
  head: tf.Sequential,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  set: PackedSet,
  order: number[],
  batchSize: number,
  shouldStop: () => boolean,
): { totals: tf.Tensor1D; completed: boolean; stopRequested: boolean } {
  const orderTensor = tf.tensor1d(order, 'int32');
  let totals: tf.Tensor1D = tf.zeros([2]);
  try {
    for (let start = 0; start < set.size; start += batchSize) {
      const size = Math.min(batchSize, set.size - start);
      const batchTotals = trainBatch(head, optimizer, variables, set, orderTensor, start, size);
      const running: tf.Tensor1D = tf.add(totals, batchTotals);
      tf.dispose([totals, batchTotals]);
      totals = running;
      if (shouldStop()) {
        return { totals, completed: start + size >= set.size, stopRequested: true };
      }
    }
    return { totals, completed: true, stopRequested: false };
  } catch (error) {
    totals.dispose();
    throw error;
  } finally {
    orderTensor.dispose();
  }
}

/** One Adam step; returns [lossSum, correctCount] for the batch. */
function trainBatch(
  head: tf.Sequential,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  set: PackedSet,
  orderTensor: tf.Tensor1D,
  start: number,
  size: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const indices = tf.slice(orderTensor, [start], [size]);
    const xs = tf.gather(set.xs, indices);
    const ys = tf.gather(set.ys, indices);
    // Accuracy comes from the same forward pass as the loss; minimize() only hands back the
    // loss, so the count is kept out of its internal tidy and freed here.
    const counted: { correct?: tf.Tensor } = {};
    try {
      const loss = optimizer.minimize(
        () => {
          const probabilities = head.apply(xs, { training: true }) as tf.Tensor2D;
          counted.correct = tf.keep(countCorrect(probabilities, ys));
          return crossEntropy(ys, probabilities);
        },
        true,
        variables,
      );
      if (!loss || !counted.correct) throw new Error('The optimizer returned no loss.');
      return tf.stack([tf.mul(loss, size), counted.correct]) as tf.Tensor1D;
    } finally {
      counted.correct?.dispose();
    }
  });
}

async function summariseEpoch(
  head: tf.Sequential,
  epoch: number,
  totals: tf.Tensor1D,
  trainSize: number,
  valSet: PackedSet | null,
  startedAt: number,
): Promise<EpochLog> {
  const summary = tf.tidy(() => {
    const trainMeans = tf.div(totals, trainSize);
    return valSet ? tf.concat([trainMeans, evaluate(head, valSet)]) : trainMeans;
  });
  totals.dispose();
  try {
    const values = await summary.data();
    return {
      epoch,
      loss: values[0],
      accuracy: values[1],
      valLoss: valSet ? values[2] : null,
      valAccuracy: valSet ? values[3] : null,
      elapsedMs: performance.now() - startedAt,
    };
  } finally {
    summary.dispose();
  }
}

/** [meanLoss, accuracy] over a whole set, in inference mode. */
function evaluate(head: tf.Sequential, set: PackedSet): tf.Tensor1D {
  return tf.tidy(() => {
    const probabilities = head.apply(set.xs, { training: false }) as tf.Tensor2D;
    return tf.stack([
      crossEntropy(set.ys, probabilities),
      tf.div(countCorrect(probabilities, set.ys), set.size),
    ]) as tf.Tensor1D;
  });
}

function crossEntropy(oneHotLabels: tf.Tensor2D, probabilities: tf.Tensor2D): tf.Scalar {
  const clipped = tf.clipByValue(probabilities, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHotLabels, tf.log(clipped)), -1))) as tf.Scalar;
}

function countCorrect(probabilities: tf.Tensor2D, oneHotLabels: tf.Tensor2D): tf.Scalar {
  const hits = tf.equal(tf.argMax(probabilities, -1), tf.argMax(oneHotLabels, -1));
  return tf.sum(tf.cast(hits, 'float32')) as tf.Scalar;
}

function packSet(set: EmbeddedSet, numClasses: number): PackedSet {
  const xs = packRows(set.embeddings);
  try {
    const ys = tf.tidy(
      () => tf.cast(tf.oneHot(tf.tensor1d(set.labels, 'int32'), numClasses), 'float32') as tf.Tensor2D,
    );
    return { xs, ys, size: set.labels.length };
  } catch (error) {
    xs.dispose();
    throw error;
  }
}

function assertValidConfig(config: TrainConfig): void {
  const { epochs, batchSize, learningRate, seed } = config;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new Error(`Epochs must be a positive integer, got ${epochs}.`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`Batch size must be a positive integer, got ${batchSize}.`);
  }
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new Error(`Learning rate must be a positive number, got ${learningRate}.`);
  }
  if (!Number.isFinite(seed)) throw new Error(`Seed must be a finite number, got ${seed}.`);
}

/** Checks shapes and labels; returns the embedding size. */
function assertValidSet(
  name: string,
  set: EmbeddedSet,
  numClasses: number,
  expectedSize: number | null,
): number {
  if (set.embeddings.length !== set.labels.length) {
    throw new Error(
      `The ${name} set has ${set.embeddings.length} embeddings but ${set.labels.length} labels.`,
    );
  }
  if (set.embeddings.length === 0) throw new Error(`The ${name} set is empty.`);
  const size = expectedSize ?? set.embeddings[0].length;
  set.embeddings.forEach((row, i) => {
    if (row.length !== size) {
      throw new Error(`${name} embedding ${i} has ${row.length} values; expected ${size}.`);
    }
  });
  set.labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new Error(`${name} label ${i} is ${label}; expected an integer in [0, ${numClasses}).`);
    }
  });
  return size;
}
