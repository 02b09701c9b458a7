import * as tf from '@tensorflow/tfjs';
import { createRng, shuffledIndices } from '../rng';
import { FlatAdam } from '../optimizer/flat-adam';
import type { LabEpoch } from './lab-types';

/**
 * A lean training loop for any single-input classifier (image CNNs, a fine-tuned MobileNet top
 * on cached activations): the same design as trainHead (data uploaded once, batches gathered on
 * the backend, one read per epoch, an explicit variable list) for inputs of any rank, with
 * Adam applied to all variables at once (FlatAdam: a deep network has many small variables).
 * Each epoch visits the training set in an order drawn from createRng(seed).
 *
 * A dense head never trains here but in trainHead (train-head.ts), the lab's included: on the
 * same head this loop launched 1,838 kernels per epoch against trainHead's 110 and took 7.3x as
 * long (176 vs 24 ms per epoch on wasm; scripts/measure-head-loops.ts). trainHead's gradients are
 * written by hand for Dense -> Dense, so convolutions train here.
 */

/** Samples of one shape, each flattened into its own Float32Array (how caches keep them). */
export interface SampleSet {
  samples: Float32Array[];
  /** Shape of one sample, e.g. [64, 64, 3] or [7, 7, 56]. */
  shape: number[];
  labels: number[];
}

export interface ModelTrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /**
   * true runs batch norm on batch statistics, in training and in evaluation (training from
   * random weights: over a few dozen steps its running averages lag far behind weights that
   * change fast, and a MobileNet evaluated with them predicts one class for every image however
   * well it has learnt; measured on a synthetic task, 98% training accuracy and 50% validation).
   * Evaluation batches hold up to 64 images, so the statistics come from the whole validation
   * or test set at the lab's sizes. false keeps batch norm in inference mode throughout
   * (fine-tuning pretrained blocks, the Keras recipe).
   */
  batchNormTraining: boolean;
  /** Number given to the first epoch (a fine-tune phase continues a head phase's count). */
  firstEpoch: number;
  /** Added to every elapsedMs, so phases and preparation share one clock. */
  elapsedOffsetMs: number;
  phase: LabEpoch['phase'];
}

export interface ModelTrainCallbacks {
  onEpoch?: (epoch: LabEpoch) => void | Promise<void>;
  /** Awaited after every batch, before shouldStop is polled: a worker yields here so a stop request can arrive. */
  afterBatch?: () => Promise<void>;
  /** Polled after every batch; true ends training after the current batch. */
  shouldStop?: () => boolean;
}

export interface ModelTrainResult {
  epochs: LabEpoch[];
  stoppedEarly: boolean;
}

const PROBABILITY_EPSILON = 1e-7;
const EVAL_BATCH = 64;

function packSamples(set: SampleSet, indices?: number[]): tf.Tensor {
  const chosen = indices ?? set.samples.map((_, i) => i);
  const size = set.shape.reduce((a, b) => a * b, 1);
  const flat = new Float32Array(chosen.length * size);
  chosen.forEach((index, row) => {
    const sample = set.samples[index];
    if (sample.length !== size) throw new Error(`Sample ${index} has ${sample.length} values; expected ${size} for shape [${set.shape}].`);
    flat.set(sample, row * size);
  });
  return tf.tensor(flat, [chosen.length, ...set.shape], 'float32');
}

function oneHot(labels: number[], numClasses: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses), 'float32') as tf.Tensor2D);
}

function crossEntropy(oneHotLabels: tf.Tensor, probabilities: tf.Tensor): tf.Scalar {
  const clipped = tf.clipByValue(probabilities, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHotLabels, tf.log(clipped)), -1))) as tf.Scalar;
}

function countCorrect(probabilities: tf.Tensor, oneHotLabels: tf.Tensor): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, -1), tf.argMax(oneHotLabels, -1)), 'float32')) as tf.Scalar;
}

function forward(model: tf.LayersModel, xs: tf.Tensor, training: boolean): tf.Tensor {
  const output = model.apply(xs, { training });
  if (Array.isArray(output)) throw new Error(`Model "${model.name}" has several outputs; a classifier needs one.`);
  return output as tf.Tensor;
}

/**
 * Mean loss and accuracy over a set, in batches of 64 (bounded memory). `batchStatistics` runs
 * batch norm on each evaluation batch's own statistics (see ModelTrainConfig.batchNormTraining);
 * by default it is in inference mode.
 */
export async function evaluateModel(
  model: tf.LayersModel,
  set: SampleSet,
  numClasses: number,
  batchStatistics = false,
): Promise<{ loss: number; accuracy: number }> {
  if (set.labels.length === 0) throw new Error('Cannot evaluate on an empty set.');
  let totals = tf.zeros([2]);
  for (let start = 0; start < set.labels.length; start += EVAL_BATCH) {
    const indices = Array.from({ length: Math.min(EVAL_BATCH, set.labels.length - start) }, (_, i) => start + i);
    const batch = tf.tidy(() => {
      const xs = packSamples(set, indices);
      const ys = oneHot(
        indices.map((i) => set.labels[i]),
        numClasses,
      );
      const probabilities = forward(model, xs, batchStatistics);
      return tf.stack([tf.mul(crossEntropy(ys, probabilities), indices.length), countCorrect(probabilities, ys)]);
    });
    const next = tf.add(totals, batch);
    tf.dispose([totals, batch]);
    totals = next;
  }
  const [lossSum, correct] = await totals.data();
  totals.dispose();
  return { loss: lossSum / set.labels.length, accuracy: correct / set.labels.length };
}

/**
 * Trains the model's trainable weights (or `variables` when given) with Adam on categorical
 * cross-entropy. The model is modified in place and stays the caller's. Every tensor this
 * makes is freed before it returns or throws.
 */
export async function trainModel(
  model: tf.LayersModel,
  train: SampleSet,
  val: SampleSet,
  numClasses: number,
  config: ModelTrainConfig,
  callbacks: ModelTrainCallbacks = {},
): Promise<ModelTrainResult> {
  if (!Number.isInteger(config.epochs) || config.epochs < 0)
    throw new Error(`Epochs must be a non-negative integer, got ${config.epochs}.`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1)
    throw new Error(`Batch size must be a positive integer, got ${config.batchSize}.`);
  if (!(config.learningRate > 0)) throw new Error(`Learning rate must be positive, got ${config.learningRate}.`);
  if (train.labels.length === 0) throw new Error('The training set is empty.');
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  if (variables.length === 0) throw new Error(`Model "${model.name}" has nothing to train.`);
  const shouldStop = callbacks.shouldStop ?? (() => false);
  const optimizer = new FlatAdam(variables, config.learningRate);
  const xs = packSamples(train);
  const ys = oneHot(train.labels, numClasses);
  const rng = createRng(config.seed);
  const started = performance.now();
  const epochs: LabEpoch[] = [];
  try {
    for (let n = 0; n < config.epochs; n++) {
      const order = tf.tensor1d(shuffledIndices(train.labels.length, rng), 'int32');
      let totals: tf.Tensor = tf.zeros([2]);
      let stopped = false;
      try {
        for (let start = 0; start < train.labels.length; start += config.batchSize) {
          const size = Math.min(config.batchSize, train.labels.length - start);
          const batchTotals = tf.tidy(() => {
            const indices = tf.slice(order, [start], [size]);
            const batchXs = tf.gather(xs, indices);
            const batchYs = tf.gather(ys, indices);
            const counted: { correct?: tf.Tensor } = {};
            try {
              const loss = optimizer.minimize(() => {
                const probabilities = forward(model, batchXs, config.batchNormTraining);
                counted.correct = tf.keep(countCorrect(probabilities, batchYs));
                return crossEntropy(batchYs, probabilities);
              });
              if (!counted.correct) throw new Error('The forward pass counted no predictions.');
              return tf.stack([tf.mul(loss, size), counted.correct]);
            } finally {
              counted.correct?.dispose();
            }
          });
          const running = tf.add(totals, batchTotals);
          tf.dispose([totals, batchTotals]);
          totals = running;
          await callbacks.afterBatch?.();
          if (shouldStop()) {
            stopped = true;
            break;
          }
        }
        if (stopped) return { epochs, stoppedEarly: true };
        const [lossSum, correct] = await totals.data();
        const validation = await evaluateModel(model, val, numClasses, config.batchNormTraining);
        const epoch: LabEpoch = {
          epoch: config.firstEpoch + n,
          loss: lossSum / train.labels.length,
          accuracy: correct / train.labels.length,
          valLoss: validation.loss,
          valAccuracy: validation.accuracy,
          elapsedMs: config.elapsedOffsetMs + performance.now() - started,
          phase: config.phase,
        };
        epochs.push(epoch);
        await callbacks.onEpoch?.(epoch);
      } finally {
        tf.dispose([order, totals]);
      }
      if (shouldStop() && n < config.epochs - 1) return { epochs, stoppedEarly: true };
    }
    return { epochs, stoppedEarly: false };
  } finally {
    tf.dispose([xs, ys]);
    optimizer.dispose();
  }
}
