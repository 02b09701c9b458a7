// The four scenarios of the lesson (dataset size x similarity to the pretrained model's data),
// each as a preset: the strategy the material advises, the alternatives it is raced against, and
// the data that puts a run in that cell. Plain data: the bench (npm run bench -- --lesson) and the
// app read the same presets. The dissimilar cells use `mirror2` (letter F the right way round or
// mirrored): of the generated tasks measured, the one MobileNet's frozen features did worst on
// (chance level, scripts/measure-dissimilar.ts); the textures they used first were sorted at
// 83-90% by frozen features, so they were not dissimilar for MobileNet.
import type { StrategyId } from './lab-types';

export type ExperimentId = 'small-similar' | 'small-dissimilar' | 'large-dissimilar' | 'large-similar' | 'develop-model';

/** Where the pictures come from: a generated sample task (src/ml/samples) or a folder of real photos. */
export type ScenarioData = { kind: 'generated'; taskId: string } | { kind: 'photos'; what: string };

export interface ScenarioPreset {
  experiment: Exclude<ExperimentId, 'develop-model'>;
  size: 'small' | 'large';
  similarity: 'similar' | 'dissimilar';
  /** The strategy the material advises for this cell. */
  advice: StrategyId;
  /** Every strategy raced, the advice included. */
  strategies: StrategyId[];
  /** Units fine-tuning unfreezes, counted from the top. */
  fineTuneBlocks: number;
  data: ScenarioData;
  classes: number;
  /** Pictures per class at full size; the bench may scale this down. */
  perClass: number;
  /** What the class should see, in one sentence. */
  claim: string;
}

export const SCENARIO_PRESETS: readonly ScenarioPreset[] = [
  {
    experiment: 'small-similar',
    size: 'small',
    similarity: 'similar',
    advice: 'feature-extraction',
    strategies: ['feature-extraction', 'fine-tune', 'scratch'],
    fineTuneBlocks: 1,
    data: { kind: 'photos', what: 'flower photos (like ImageNet)' },
    classes: 5,
    perClass: 20,
    claim: 'Keep the pretrained trunk and train only the output layers.',
  },
  {
    experiment: 'small-dissimilar',
    size: 'small',
    similarity: 'dissimilar',
    advice: 'fine-tune',
    strategies: ['feature-extraction', 'fine-tune', 'scratch'],
    fineTuneBlocks: 3,
    data: { kind: 'generated', taskId: 'mirror2' },
    classes: 2,
    perClass: 20,
    claim: 'Freeze the first layers and retrain the top ones: it beats feature extraction.',
  },
  {
    experiment: 'large-dissimilar',
    size: 'large',
    similarity: 'dissimilar',
    advice: 'scratch',
    strategies: ['feature-extraction', 'scratch'],
    fineTuneBlocks: 1,
    data: { kind: 'generated', taskId: 'mirror2' },
    classes: 2,
    perClass: 200,
    claim: 'With plenty of pictures unlike ImageNet, training from scratch catches up with feature extraction or beats it.',
  },
  {
    experiment: 'large-similar',
    size: 'large',
    similarity: 'similar',
    advice: 'fine-tune',
    strategies: ['feature-extraction', 'fine-tune'],
    fineTuneBlocks: 3,
    data: { kind: 'photos', what: 'flower photos (like ImageNet)' },
    classes: 12,
    perClass: 60,
    claim: 'Retraining from the pretrained weights at least matches feature extraction.',
  },
];

export interface Verdict {
  /** The strategy with the highest mean test accuracy; the advice wins a tie. */
  winner: StrategyId;
  /** true when the advised strategy scored at least as well as every alternative. */
  matchesAdvice: boolean;
}

/** Which strategy won on test accuracy, and whether the advice held. */
export function judgeExperiment(advice: StrategyId, testAccuracy: Partial<Record<StrategyId, number>>): Verdict {
  const entries = Object.entries(testAccuracy) as [StrategyId, number][];
  if (entries.length === 0) throw new Error('No strategy finished: there is nothing to judge.');
  const best = Math.max(...entries.map(([, accuracy]) => accuracy));
  const adviceScore = testAccuracy[advice];
  if (adviceScore !== undefined && adviceScore >= best) return { winner: advice, matchesAdvice: true };
  const winner = entries.find(([, accuracy]) => accuracy === best)![0];
  return { winner, matchesAdvice: false };
}
