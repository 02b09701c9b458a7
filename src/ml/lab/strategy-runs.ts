import * as tf from '@tensorflow/tfjs';
import { createHead } from '../head';
import { disposeModelFully } from '../memory';
import { trainHead, type EmbeddedSet } from '../train-head';
import { buildFineTuneModel } from './fine-tune';
import { depthSetter } from './fine-tune-depth';
import { chooseFineTuneSetup, disposeSnapshot, restoreWeights, snapshotWeights, type WeightSnapshot } from './fine-tune-rate';
import type { LabEpoch } from './lab-types';
import { findBlockMap } from './mobilenet-blocks';
import { buildRandomWeightsTrunk } from './random-architecture';
import { createScratchFeatures } from './scratch-cnn';
import { evaluateModel, trainModel, type SampleSet } from './train-model';

/**
 * One run of each strategy: build the model for one seed, measure the untrained model (epoch
 * 0), train for the epoch budget reporting each epoch, then score the held-out test set. Every
 * model a run builds is freed before it returns or throws.
 */

export interface RunHooks {
  onEpoch: (epoch: LabEpoch) => Promise<void>;
  /** Awaited after every batch: a worker yields here so a stop request can arrive. */
  afterBatch?: () => Promise<void>;
  shouldStop: () => boolean;
}

export interface RunResult {
  epochs: LabEpoch[];
  /** null when the run was stopped before finishing. */
  testAccuracy: number | null;
  stoppedEarly: boolean;
  /** Fine-tuning only: the learning rate the measurement chose. */
  chosenLearningRate?: number;
  /** Fine-tuning only: the unfrozen depth the measurement chose. */
  chosenUnits?: number;
  /** Fine-tuning only: fine-tune epochs kept (0 = validation preferred the feature-extraction head). */
  chosenFineTuneEpochs?: number;
}

export interface Splits<T> {
  train: T;
  val: T;
  test: T;
}

export interface CommonRunConfig {
  numClasses: number;
  epochs: number;
  batchSize: number;
  hiddenUnits: number;
  seed: number;
}

function asSamples(set: EmbeddedSet): SampleSet {
  return { samples: set.embeddings, shape: [set.embeddings[0]?.length ?? 0], labels: set.labels };
}

function untrained(validation: { loss: number; accuracy: number }, startedAt: number, phase: LabEpoch['phase']): LabEpoch {
  return {
    epoch: 0,
    loss: null,
    accuracy: null,
    valLoss: validation.loss,
    valAccuracy: validation.accuracy,
    elapsedMs: performance.now() - startedAt,
    phase,
  };
}

/** Dense head on cached embeddings (the pipeline's trainHead); the head is returned for a fine-tune phase to continue. */
export async function headPhase(
  sets: Splits<EmbeddedSet>,
  config: CommonRunConfig & { learningRate: number },
  epochs: number,
  hooks: RunHooks,
  startedAt: number,
): Promise<{ head: tf.Sequential; epochs: LabEpoch[]; stoppedEarly: boolean }> {
  // trainHead builds createHead(seed) itself; the same call here measures that very head untrained.
  const probe = createHead({
    inputSize: sets.train.embeddings[0].length,
    hiddenUnits: config.hiddenUnits,
    numClasses: config.numClasses,
    seed: config.seed,
  });
  let zero: LabEpoch;
  try {
    zero = untrained(await evaluateModel(probe, asSamples(sets.val), config.numClasses), startedAt, 'head');
  } finally {
    probe.dispose();
  }
  await hooks.onEpoch(zero);
  const logs: LabEpoch[] = [zero];
  const offset = performance.now() - startedAt;
  const result = await trainHead(
    sets.train,
    sets.val,
    config.numClasses,
    { epochs, batchSize: config.batchSize, learningRate: config.learningRate, hiddenUnits: config.hiddenUnits, seed: config.seed },
    {
      onEpoch: async (log) => {
        const epoch: LabEpoch = {
          epoch: log.epoch,
          loss: log.loss,
          accuracy: log.accuracy,
          valLoss: log.valLoss ?? NaN,
          valAccuracy: log.valAccuracy ?? NaN,
          elapsedMs: offset + log.elapsedMs,
          phase: 'head',
        };
        logs.push(epoch);
        await hooks.onEpoch(epoch);
      },
      shouldStop: hooks.shouldStop,
    },
  );
  return { head: result.head, epochs: logs, stoppedEarly: result.stoppedEarly };
}

export async function runFeatureExtraction(
  sets: Splits<EmbeddedSet>,
  config: CommonRunConfig & { learningRate: number },
  hooks: RunHooks,
): Promise<RunResult> {
  const startedAt = performance.now();
  const phase = await headPhase(sets, config, config.epochs, hooks, startedAt);
  try {
    if (phase.stoppedEarly) return { epochs: phase.epochs, testAccuracy: null, stoppedEarly: true };
    const test = await evaluateModel(phase.head, asSamples(sets.test), config.numClasses);
    return { epochs: phase.epochs, testAccuracy: test.accuracy, stoppedEarly: false };
  } finally {
    phase.head.dispose();
  }
}

export interface FineTuneRunConfig extends CommonRunConfig {
  headLearningRate: number;
  fineTuneLearningRate: number;
  /** Epochs of head-only training before the blocks are unfrozen; the rest of the budget fine-tunes. */
  headEpochs: number;
  /** The deepest unfrozen depth; the activations are cached at its boundary. */
  units: number;
  /** Rates the first fine-tune epoch tries (fine-tune-rate.ts); default: fineTuneLearningRate alone. */
  rateCandidates?: number[];
  /** Depths tried at the winning rate (fine-tune-depth.ts), each at most `units`; default: `units` alone. */
  depthCandidates?: number[];
}

/**
 * Feature extraction for `headEpochs`, then the top blocks unfrozen on a fresh copy of the
 * pretrained trunk (`loadTrunkCopy`), trained together with the head on the cached boundary
 * activations, batch norm in inference mode. Everything the recipe picks is picked on the
 * validation split: the first fine-tune epoch tries each of `rateCandidates` at the deepest
 * depth, then each shallower depth of `depthCandidates` at the winning rate (fine-tune-rate.ts);
 * and the weights kept at the end are those of the epoch with the lowest validation loss, the
 * head-only state before fine-tuning included (so too many epochs, or a fine-tune that only
 * overfits, fall back to where feature extraction stopped).
 */
export async function runFineTune(
  embeddings: Splits<EmbeddedSet>,
  activations: Splits<SampleSet>,
  loadTrunkCopy: () => Promise<tf.LayersModel>,
  config: FineTuneRunConfig,
  hooks: RunHooks,
): Promise<RunResult> {
  const startedAt = performance.now();
  const headEpochs = Math.min(config.headEpochs, config.epochs);
  const phase = await headPhase(embeddings, { ...config, learningRate: config.headLearningRate }, headEpochs, hooks, startedAt);
  let copy: tf.LayersModel | null = null;
  const kept: { weights: WeightSnapshot | null } = { weights: null };
  try {
    if (phase.stoppedEarly) return { epochs: phase.epochs, testAccuracy: null, stoppedEarly: true };
    copy = await loadTrunkCopy();
    const map = findBlockMap(copy);
    if (!map) throw new Error('This trunk has no MobileNet blocks to fine-tune.');
    const fineTune = buildFineTuneModel(map, config.units, phase.head);
    const depths = (config.depthCandidates ?? [config.units]).filter((units) => units <= config.units);
    if (depths[depths.length - 1] !== config.units) depths.push(config.units);
    // Head-only state: its validation loss is the last head epoch's (same function, other input form).
    kept.weights = snapshotWeights(fineTune.model);
    let keptLoss = phase.epochs[phase.epochs.length - 1].valLoss;
    let keptEpochs = 0;
    const phaseConfig = { batchSize: config.batchSize, seed: config.seed, batchNormTraining: false, phase: 'fine-tune' as const };
    const choice = await chooseFineTuneSetup(
      fineTune.model,
      activations.train,
      activations.val,
      config.numClasses,
      { rates: config.rateCandidates ?? [config.fineTuneLearningRate], depths, setDepth: depthSetter(fineTune.model, map, config.units) },
      { ...phaseConfig, firstEpoch: headEpochs + 1, elapsedOffsetMs: performance.now() - startedAt },
      hooks,
    );
    if (choice.stoppedEarly || !choice.epoch) return { epochs: phase.epochs, testAccuracy: null, stoppedEarly: true };
    await hooks.onEpoch(choice.epoch);
    let fineTuneEpochs = 1;
    const keepIfBest = (valLoss: number) => {
      if (!(valLoss < keptLoss)) return;
      disposeSnapshot(kept.weights!);
      kept.weights = snapshotWeights(fineTune.model);
      keptLoss = valLoss;
      keptEpochs = fineTuneEpochs;
    };
    keepIfBest(choice.epoch.valLoss);
    const trained = await trainModel(
      fineTune.model,
      activations.train,
      activations.val,
      config.numClasses,
      {
        ...phaseConfig,
        epochs: config.epochs - headEpochs - 1,
        learningRate: choice.learningRate,
        firstEpoch: headEpochs + 2,
        elapsedOffsetMs: performance.now() - startedAt,
      },
      {
        ...hooks,
        onEpoch: async (epoch) => {
          fineTuneEpochs++;
          keepIfBest(epoch.valLoss);
          await hooks.onEpoch(epoch);
        },
      },
    );
    const epochs = [...phase.epochs, choice.epoch, ...trained.epochs];
    const chosen = { chosenLearningRate: choice.learningRate, chosenUnits: choice.units, chosenFineTuneEpochs: keptEpochs };
    if (trained.stoppedEarly) return { epochs, testAccuracy: null, stoppedEarly: true, ...chosen };
    restoreWeights(kept.weights);
    const test = await evaluateModel(fineTune.model, activations.test, config.numClasses);
    return { epochs, testAccuracy: test.accuracy, stoppedEarly: false, ...chosen };
  } finally {
    if (kept.weights) disposeSnapshot(kept.weights);
    // Fully: the fine-tune model shares the head's layers, so head.dispose() alone only drops a
    // reference and left its 4 weight tensors behind on every fine-tune run.
    disposeModelFully(phase.head);
    if (copy) disposeModelFully(copy);
  }
}

/** features (image -> feature map or vector) -> [pooling] -> the dense head. */
function classifierOn(features: tf.LayersModel, config: CommonRunConfig): tf.LayersModel {
  let pooled = features.outputs[0];
  if (pooled.shape.length === 4) pooled = tf.layers.globalAveragePooling2d({ name: 'classifier_pool' }).apply(pooled) as tf.SymbolicTensor;
  const head = createHead({
    inputSize: pooled.shape[1] as number,
    hiddenUnits: config.hiddenUnits,
    numClasses: config.numClasses,
    seed: config.seed,
  });
  return tf.model({ inputs: features.inputs, outputs: head.apply(pooled) as tf.SymbolicTensor, name: `${features.name}_classifier` });
}

/** Trains a whole image classifier from its random initialisation; batch norm (if any) runs on batch statistics, in evaluation too. */
async function runImageClassifier(
  model: tf.LayersModel,
  pixels: Splits<SampleSet>,
  config: CommonRunConfig & { learningRate: number },
  hooks: RunHooks,
  startedAt: number,
): Promise<RunResult> {
  try {
    const zero = untrained(await evaluateModel(model, pixels.val, config.numClasses, true), startedAt, 'full');
    await hooks.onEpoch(zero);
    const trained = await trainModel(
      model,
      pixels.train,
      pixels.val,
      config.numClasses,
      {
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: config.seed,
        batchNormTraining: true,
        firstEpoch: 1,
        elapsedOffsetMs: performance.now() - startedAt,
        phase: 'full',
      },
      hooks,
    );
    const epochs = [zero, ...trained.epochs];
    if (trained.stoppedEarly) return { epochs, testAccuracy: null, stoppedEarly: true };
    const test = await evaluateModel(model, pixels.test, config.numClasses, true);
    return { epochs, testAccuracy: test.accuracy, stoppedEarly: false };
  } finally {
    disposeModelFully(model);
  }
}

/** The trunk's architecture with random weights, trained end to end on small cached pixels. */
export async function runRandomWeights(
  topology: unknown,
  imageSize: number,
  pixels: Splits<SampleSet>,
  config: CommonRunConfig & { learningRate: number },
  hooks: RunHooks,
): Promise<RunResult> {
  const startedAt = performance.now();
  const trunk = await buildRandomWeightsTrunk(topology, imageSize, config.seed);
  let model: tf.LayersModel;
  try {
    model = classifierOn(trunk, config);
  } catch (error) {
    disposeModelFully(trunk);
    throw error;
  }
  return runImageClassifier(model, pixels, config, hooks, startedAt);
}

/** The small CNN trained from scratch on small cached pixels: the baseline. */
export async function runScratch(
  imageSize: number,
  pixels: Splits<SampleSet>,
  config: CommonRunConfig & { learningRate: number },
  hooks: RunHooks,
): Promise<RunResult> {
  const startedAt = performance.now();
  return runImageClassifier(classifierOn(createScratchFeatures(imageSize, config.seed), config), pixels, config, hooks, startedAt);
}
