import * as tf from '@tensorflow/tfjs';
import { HandAdam } from './adam';
import { cutBatch, disposeBatch, wholeSet } from './head-batches';
import { batchGradients, headProbabilities, meanCrossEntropy, trueClassProbability, type HeadBatch, type HeadParameters } from './head-gradients';
import { createHead } from './head';
import { createRng, shuffledIndices } from './rng';
import type { EpochLog, TrainConfig } from './train-config';

export { DEFAULT_TRAIN_CONFIG, type EpochLog, type TrainConfig } from './train-config';

/**
 * Trains the head on precomputed embeddings with a lean loop instead of model.fit. The head is
 * tiny (about 0.4 M multiply-adds per example per epoch), so what costs time is per-batch
 * overhead, not arithmetic: fit's callbacks and logs, the gradient tape, one optimizer update
 * per variable, a read-back per batch. Here:
 *  - batches are cut in JS from the stored embeddings in the epoch's order (head-batches.ts)
 *    and uploaded as they are needed; the validation set is uploaded once;
 *  - a step is a fixed, short list of kernels with hand-written gradients (head-gradients.ts,
 *    which also explains the parameter layout) and a hand-written Adam (adam.ts);
 *  - loss and accuracy are gathered per batch on the backend and reduced once per epoch, and
 *    the backend is read once per epoch.
 * The arithmetic is model.fit's (same Adam, same clipped cross-entropy, same batch order for a
 * seed), which train-head.test.ts checks against model.fit itself.
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

/** A validation set on the backend, uploaded once. */
interface PackedSet {
  batch: HeadBatch;
  labels: tf.Tensor1D;
}

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
  let valSet: PackedSet | null = null;
  let adam: HandAdam | null = null;
  // The live parameters; each step replaces (and frees) them.
  let state: { params: HeadParameters } | null = null;
  try {
    valSet = validation ? packSet(validation, numClasses) : null;
    state = { params: trainingParameters(head) };
    adam = new HandAdam([state.params.hiddenT.shape, state.params.output.shape], { learningRate: config.learningRate });
    const shouldStop = callbacks.shouldStop ?? (() => false);
    const rng = createRng(config.seed);
    const startedAt = performance.now();
    const epochs: EpochLog[] = [];
    const finish = (stoppedEarly: boolean): TrainResult => {
      writeBack(state!.params, head);
      return { head, epochs, stoppedEarly };
    };
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = shuffledIndices(train.labels.length, rng);
      const pass = trainOneEpoch(state, adam, train, numClasses, order, config.batchSize, shouldStop);
      if (!pass.totals) return finish(true);
      const log = await summariseEpoch(state.params, epoch, pass.totals, valSet, startedAt);
      epochs.push(log);
      await callbacks.onEpoch?.(log);
      if ((pass.stopRequested || shouldStop()) && epoch < config.epochs) return finish(true);
    }
    return finish(false);
  } catch (error) {
    head.dispose();
    throw error;
  } finally {
    if (state) tf.dispose([state.params.hiddenT, state.params.output]);
    if (valSet) {
      disposeBatch(valSet.batch);
      valSet.labels.dispose();
    }
    adam?.dispose();
  }
}

interface EpochPass {
  /** [meanLoss, accuracy] over the epoch, still on the backend; null when stopped part-way. */
  totals: tf.Tensor1D | null;
  stopRequested: boolean;
}

/** One pass over the data in `order`, one Adam step per batch, each replacing (and freeing) state.params. */
function trainOneEpoch(
  state: { params: HeadParameters },
  adam: HandAdam,
  set: EmbeddedSet,
  numClasses: number,
  order: number[],
  batchSize: number,
  shouldStop: () => boolean,
): EpochPass {
  const size = order.length;
  const trueProbabilities: tf.Tensor[] = [];
  const predictions: tf.Tensor[] = [];
  const epochLabels = () => tf.tensor1d(order.map((i) => set.labels[i]), 'int32');
  try {
    for (let start = 0; start < size; start += batchSize) {
      const batch = cutBatch(set.embeddings, set.labels, numClasses, order, start, Math.min(batchSize, size - start));
      const current = state.params;
      try {
        const step = batchGradients(current, batch);
        trueProbabilities.push(step.trueProbability);
        predictions.push(step.predicted);
        try {
          const [hiddenT, output] = adam.step([current.hiddenT, current.output], step.gradients) as [tf.Tensor2D, tf.Tensor2D];
          state.params = { hiddenT, output };
        } finally {
          tf.dispose(step.gradients);
        }
      } finally {
        disposeBatch(batch);
      }
      tf.dispose([current.hiddenT, current.output]);
      if (shouldStop()) {
        const completed = start + batchSize >= size;
        return { totals: completed ? epochTotals(trueProbabilities, predictions, epochLabels) : null, stopRequested: true };
      }
    }
    return { totals: epochTotals(trueProbabilities, predictions, epochLabels), stopRequested: false };
  } finally {
    tf.dispose([...trueProbabilities, ...predictions]);
  }
}

/** [mean loss, accuracy] of the epoch's batches, like Keras' running epoch metrics. */
function epochTotals(trueProbabilities: tf.Tensor[], predictions: tf.Tensor[], labels: () => tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const loss = meanCrossEntropy(tf.concat(trueProbabilities) as tf.Tensor1D);
    const accuracy = tf.mean(tf.cast(tf.equal(tf.concat(predictions), labels()), 'float32'));
    return tf.stack([loss, accuracy]) as tf.Tensor1D;
  });
}

async function summariseEpoch(
  params: HeadParameters,
  epoch: number,
  totals: tf.Tensor1D,
  valSet: PackedSet | null,
  startedAt: number,
): Promise<EpochLog> {
  const summary = valSet ? tf.tidy(() => tf.concat([totals, evaluate(params, valSet)])) : totals;
  if (summary !== totals) totals.dispose();
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

/** [meanLoss, accuracy] over a whole set. */
function evaluate(params: HeadParameters, set: PackedSet): tf.Tensor1D {
  return tf.tidy(() => {
    const probabilities = headProbabilities(params, set.batch.columns);
    const loss = meanCrossEntropy(trueClassProbability(probabilities, set.batch.oneHot));
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(probabilities, -1), set.labels), 'float32'));
    return tf.stack([loss, accuracy]) as tf.Tensor1D;
  });
}

/** The head's weights in the training layout (head-gradients.ts); the head keeps its own. */
function trainingParameters(head: tf.Sequential): HeadParameters {
  return tf.tidy(() => {
    const [hiddenKernel, hiddenBias, outputKernel, outputBias] = head.getWeights();
    return {
      hiddenT: tf.transpose(tf.concat([hiddenKernel, tf.expandDims(hiddenBias, 0)], 0)) as tf.Tensor2D,
      output: tf.concat([outputKernel, tf.expandDims(outputBias, 0)], 0) as tf.Tensor2D,
    };
  });
}

/** Copies trained parameters into the head's kernels and biases. */
function writeBack(params: HeadParameters, head: tf.Sequential): void {
  const values = tf.tidy(() => {
    const split = (augmented: tf.Tensor2D) => {
      const [rows, columns] = [augmented.shape[0] - 1, augmented.shape[1]];
      // The bias is sliced out of the flattened matrix rather than reshaped from a [1, n] slice:
      // tfjs-wasm keeps a reshaped tensor's original shape with its data, and its fused matMul
      // then refuses the bias as rank 2.
      return [tf.slice(augmented, [0, 0], [rows, columns]), tf.slice(tf.reshape(augmented, [-1]), [rows * columns], [columns])];
    };
    return [...split(tf.transpose(params.hiddenT)), ...split(params.output)];
  });
  try {
    head.setWeights(values);
  } finally {
    tf.dispose(values);
  }
}

/** Uploads a validation set once. */
function packSet(set: EmbeddedSet, numClasses: number): PackedSet {
  const batch = wholeSet(set.embeddings, set.labels, numClasses);
  try {
    return { batch, labels: tf.tensor1d(set.labels, 'int32') };
  } catch (error) {
    disposeBatch(batch);
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
