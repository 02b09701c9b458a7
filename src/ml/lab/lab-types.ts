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
