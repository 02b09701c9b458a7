import * as tf from '@tensorflow/tfjs';
import { createHead } from './head';
import { createHeadTrainer, type HeadTrainer, type OutputLayerPlacement } from './head-trainers';
import { onBackend } from './on-backend';
import { createRng, shuffledIndices } from './rng';
import type { EpochLog, TrainConfig } from './train-config';

export { DEFAULT_TRAIN_CONFIG, type EpochLog, type TrainConfig } from './train-config';

/**
 * Trains the head on precomputed embeddings with a lean loop instead of model.fit. The head is
 * tiny (about 0.4 M multiply-adds per example per epoch), so what costs time is per-batch
 * overhead, not arithmetic: fit's callbacks and logs, the gradient tape, transposed products
 * that tfjs-wasm runs outside XNNPACK, one optimizer update per variable. Here:
 *  - batches are cut in JS from the stored embeddings in the epoch's order (head-batches.ts);
 *  - a step is a short, fixed list of kernels with hand-written gradients and a hand-written
 *    Adam that makes 10 passes over the weights instead of 14 (optimizer/, head-gradients.ts);
 *  - on CPU backends the tiny output layer runs in JS (head-trainers.ts, output-layer-js.ts);
 *  - the backend is read once per epoch for the logs (and, on CPU backends, once per batch for
 *    the hidden activations, a memcpy there).
 * The arithmetic is model.fit's (same initial weights, same Adam, same clipped cross-entropy,
 * same batch order for a seed): train-head-reference.test.ts checks it against model.fit.
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

export interface TrainOptions {
  /** Where the output layer's arithmetic runs: 'auto' (JS on CPU backends) unless a test pins it. */
  outputLayer?: OutputLayerPlacement;
  /**
   * The tfjs backend the head trains on ('wasm' puts it on the CPU path while a GPU runs the
   * trunk); the active backend is made active again afterwards. Default: the active one.
   */
  backend?: string;
}

export interface TrainResult {
  /** Owned by the caller, who disposes it. */
  head: tf.Sequential;
  /** Completed epochs only; an epoch interrupted part-way is not logged. */
  epochs: EpochLog[];
  stoppedEarly: boolean;
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
  options: TrainOptions = {},
): Promise<TrainResult> {
  return onBackend(options.backend, () => trainHeadHere(train, val, numClasses, config, callbacks, options));
}

async function trainHeadHere(
  train: EmbeddedSet,
  val: EmbeddedSet | null,
  numClasses: number,
  config: TrainConfig,
  callbacks: TrainCallbacks,
  options: TrainOptions,
): Promise<TrainResult> {
  assertValidConfig(config);
  const inputSize = assertValidSet('training', train, numClasses, null);
  const validation = val && val.labels.length > 0 ? val : null;
  if (validation) assertValidSet('validation', validation, numClasses, inputSize);

  const head = createHead({ inputSize, hiddenUnits: config.hiddenUnits, numClasses, seed: config.seed });
  let trainer: HeadTrainer | null = null;
  try {
    trainer = await createHeadTrainer(
      head,
      { train, val: validation, numClasses, learningRate: config.learningRate },
      options.outputLayer ?? 'auto',
    );
    const shouldStop = callbacks.shouldStop ?? (() => false);
    const rng = createRng(config.seed);
    const startedAt = performance.now();
    const epochs: EpochLog[] = [];
    const finish = (stoppedEarly: boolean): TrainResult => {
      trainer!.writeBack(head);
      return { head, epochs, stoppedEarly };
    };
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = shuffledIndices(train.labels.length, rng);
      const pass = await trainer.trainEpoch(order, config.batchSize, shouldStop);
      if (!pass.totals) return finish(true);
      const validated = validation ? await trainer.evaluate() : null;
      const log: EpochLog = {
        epoch,
        loss: pass.totals.loss,
        accuracy: pass.totals.accuracy,
        valLoss: validated?.loss ?? null,
        valAccuracy: validated?.accuracy ?? null,
        elapsedMs: performance.now() - startedAt,
      };
      epochs.push(log);
      await callbacks.onEpoch?.(log);
      if ((pass.stopRequested || shouldStop()) && epoch < config.epochs) return finish(true);
    }
    return finish(false);
  } catch (error) {
    head.dispose();
    throw error;
  } finally {
    trainer?.dispose();
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
function assertValidSet(name: string, set: EmbeddedSet, numClasses: number, expectedSize: number | null): number {
  if (set.embeddings.length !== set.labels.length) {
    throw new Error(`The ${name} set has ${set.embeddings.length} embeddings but ${set.labels.length} labels.`);
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
