// The training settings a project keeps: the stores show them, the persistence layer stores them.
import type { TrainConfig } from '../ml/train-config';

export interface TrainingSettings extends TrainConfig {
  valFraction: number;
  testFraction: number;
}
