// The lab's plain data, shared by the worker and the UI: no tfjs here, so the page can import it
// without bundling tfjs.

/** The four ways to get a classifier for the user's classes, compared side by side. */
export type StrategyId = 'feature-extraction' | 'fine-tune' | 'random-weights' | 'scratch';

export const STRATEGY_IDS: readonly StrategyId[] = ['feature-extraction', 'fine-tune', 'random-weights', 'scratch'];

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
