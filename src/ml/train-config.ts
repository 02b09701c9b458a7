// Training settings and per-epoch logs as plain data, free of tfjs so the UI thread can use
// them without bundling tfjs.

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  hiddenUnits: number;
  seed: number;
}

/** Teachable Machine's defaults. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  epochs: 50,
  batchSize: 16,
  learningRate: 0.001,
  hiddenUnits: 100,
  seed: 42,
};

export interface EpochLog {
  /** 1-based. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Milliseconds since training started. */
  elapsedMs: number;
}
