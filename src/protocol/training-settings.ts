// The training settings a project keeps: the stores show them, the persistence layer stores them.
import type { TrainConfig } from '../ml/train-config';

export interface TrainingSettings extends TrainConfig {
  valFraction: number;
  testFraction: number;
  /** Learn from each training photo's mirror view too (src/ml/mirror-views.ts). */
  mirrorViews: boolean;
  /** After the watched run, train once more on training and validation photos together (src/ml/final-fit.ts). */
  finalFit: boolean;
}

/** The settings that are numbers (the others are switches). */
export type NumericTrainingSetting = Exclude<keyof TrainingSettings, 'mirrorViews' | 'finalFit'>;
