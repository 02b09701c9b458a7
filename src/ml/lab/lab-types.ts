// The lab's plain data, shared by the worker and the UI: no tfjs here, so the page can import it
// without bundling tfjs.

/**
 * The ways to get a classifier for the user's classes, compared side by side: four from the
 * ImageNet trunk or from nothing, and two that reuse your own source model (trained in the lab
 * on a source task: the "develop a model" approach).
 */
export type StrategyId = 'feature-extraction' | 'fine-tune' | 'random-weights' | 'scratch' | 'source-features' | 'source-fine-tune';

export const STRATEGY_IDS: readonly StrategyId[] = [
  'feature-extraction',
  'fine-tune',
  'random-weights',
  'scratch',
  'source-features',
  'source-fine-tune',
];

/** The strategies that need your own source model chosen first. */
export const SOURCE_STRATEGY_IDS: readonly StrategyId[] = ['source-features', 'source-fine-tune'];

/** Ticked when the lab opens: the four that need nothing but the loaded trunk. */
export const DEFAULT_STRATEGY_IDS: readonly StrategyId[] = STRATEGY_IDS.filter((id) => !SOURCE_STRATEGY_IDS.includes(id));

/** How your own source model is trained (the lab's "your own source model" panel). */
export interface SourceTrainSettings {
  /** Pictures are shrunk to this size (px) for the source model and for reusing it. */
  imageSize: number;
  epochs: number;
  /** For a generated source task: pictures drawn per class. */
  perClass: number;
  learningRate: number;
  batchSize: number;
  seed: number;
}

/**
 * Measured with scripts/measure-source-model.ts on Node's wasm backend (one core): the ten-shapes
 * task at 32 px, 300 pictures per class, trains at ~4 s per epoch; 10 epochs reach 74% validation
 * accuracy on the ten shapes in 39 s (4 epochs: 49%).
 */
export const DEFAULT_SOURCE_TRAIN_SETTINGS: SourceTrainSettings = {
  imageSize: 32,
  epochs: 10,
  perClass: 300,
  learningRate: 0.003,
  batchSize: 32,
  seed: 7,
};

/** The baseline every other strategy is measured against. */
export const BASELINE_STRATEGY: StrategyId = 'scratch';

/** One epoch of one run. Epoch 0 is measured before any training (the untrained model). */
export interface LabEpoch {
  epoch: number;
  /** null at epoch 0, when nothing has been trained yet. */
  loss: number | null;
  accuracy: number | null;
  valLoss: number;
  valAccuracy: number;
  /** Milliseconds since the run started (preparing the model included). */
  elapsedMs: number;
  /** 'head' while only the dense head trains; 'fine-tune' once trunk blocks are unfrozen. */
  phase: 'head' | 'fine-tune' | 'full';
}

/** Everything a comparison is run with; the defaults fit a full comparison into about two minutes on a laptop core (docs/lab.md). */
export interface LabSettings {
  /** The epoch budget every strategy gets. */
  epochs: number;
  batchSize: number;
  /** Runs per strategy; seed i is baseSeed + i. The split always uses baseSeed. */
  seeds: number;
  baseSeed: number;
  valFraction: number;
  testFraction: number;
  /** The dense head every strategy ends in. */
  hiddenUnits: number;
  headLearningRate: number;
  /** Units unfrozen from the top (1 = the last convolution); see mobilenet-blocks.ts. */
  fineTuneBlocks: number;
  /** The lowest fine-tuning rate tried; see fineTuneRateSteps. */
  fineTuneLearningRate: number;
  /** Rates the first fine-tune epoch tries: fineTuneLearningRate, 10x, 100x, … (1 = that rate only). */
  fineTuneRateSteps: number;
  /** Learning rate of the two strategies that start from random weights. */
  scratchLearningRate: number;
  scratchImageSize: number;
  randomWeightsImageSize: number;
}

export const DEFAULT_LAB_SETTINGS: LabSettings = {
  epochs: 10,
  batchSize: 32,
  seeds: 3,
  baseSeed: 42,
  valFraction: 0.2,
  testFraction: 0.2,
  hiddenUnits: 100,
  headLearningRate: 0.001,
  fineTuneBlocks: 1,
  fineTuneLearningRate: 0.00001,
  fineTuneRateSteps: 3,
  scratchLearningRate: 0.001,
  scratchImageSize: 64,
  randomWeightsImageSize: 32,
};

/** Epochs the fine-tune strategy trains only the head before unfreezing blocks: the first half of the budget. */
export function headEpochsBeforeFineTune(epochs: number): number {
  return Math.max(1, Math.floor(epochs / 2));
}
