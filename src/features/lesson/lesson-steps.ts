// The guided lesson's steps: what each runs and the "what to notice" sentence it writes from that
// run's own numbers. Plain data and pure functions, so the wording is tested without a browser.
import type { StrategyId } from '../../ml/lab/lab-types';

/** What one strategy measured in a lesson run (means over seeds; fractions 0-1). */
export interface Outcome {
  start: number | null;
  slope: number | null;
  asymptote: number | null;
  testAccuracy: number | null;
}

export type Outcomes = Partial<Record<StrategyId, Outcome>>;

export interface LessonStep {
  id: string;
  title: string;
  /** Two or three short sentences for 12-16-year-olds. */
  explain: string;
  /** The lab strategies the step races; fine-tuning unfreezes `fineTuneBlocks` top units. */
  strategies: StrategyId[];
  fineTuneBlocks?: number;
  notice: (outcomes: Outcomes) => string;
}

const pct = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : `${(value * 100).toFixed(0)}%`);
const pts = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} points`);

function compare(a: number | null | undefined, b: number | null | undefined, better: string, same: string, worse: string): string {
  if (a === null || a === undefined || b === null || b === undefined) return same;
  if (Math.abs(a - b) < 0.005) return same;
  return a > b ? better : worse;
}

export const LESSON_STEPS: readonly LessonStep[] = [
  {
    id: 'pretrained-model',
    title: '1. A pretrained model',
    explain:
      'MobileNet has already learnt from 1.2 million ImageNet photos of 1,000 kinds of things. We keep everything it learnt and only train a tiny new output layer for your classes. Press Run and watch how fast it gets good.',
    strategies: ['feature-extraction'],
    notice: (o) => {
      const fe = o['feature-extraction'];
      return `After one epoch the pretrained model already got ${pct(fe?.start)} of the validation pictures right. On test pictures it had never seen, it scored ${pct(fe?.testAccuracy)}.`;
    },
  },
  {
    id: 'feature-extraction',
    title: '2. Feature extraction against starting from nothing',
    explain:
      'Feature extraction means: drop the old output layer, keep the rest fixed, and train a new output layer. Here it races a small network that starts from random numbers and must learn everything from your pictures alone.',
    strategies: ['feature-extraction', 'scratch'],
    notice: (o) =>
      `Feature extraction started at ${pct(o['feature-extraction']?.start)}, scratch at ${pct(o.scratch?.start)}. On the test pictures: feature extraction ${pct(o['feature-extraction']?.testAccuracy)}, scratch ${pct(o.scratch?.testAccuracy)}.`,
  },
  {
    id: 'three-benefits',
    title: '3. The three benefits',
    explain:
      'Transfer learning can help in three ways: a higher start (better before much training), a higher slope (it improves faster) and a higher asymptote (it ends better). Look for all three in the chart.',
    strategies: ['feature-extraction', 'scratch'],
    notice: (o) => {
      const fe = o['feature-extraction'];
      const scratch = o.scratch;
      return `Start: ${pct(fe?.start)} against ${pct(scratch?.start)}. Slope: ${pts(fe?.slope)} against ${pts(scratch?.slope)} per epoch. Asymptote: ${pct(fe?.asymptote)} against ${pct(scratch?.asymptote)} (transfer first, scratch second).`;
    },
  },
  {
    id: 'freeze-k',
    title: '4. Freezing k layers',
    explain:
      'Instead of freezing the whole pretrained model, we can freeze only its first layers and retrain the top 3 blocks. The first layers see edges and colours, which suit any picture; the top layers are the most specialised, so they are the ones worth changing.',
    strategies: ['feature-extraction', 'fine-tune'],
    fineTuneBlocks: 3,
    notice: (o) => {
      const ft = o['fine-tune']?.testAccuracy;
      const fe = o['feature-extraction']?.testAccuracy;
      const verdict = compare(ft, fe, 'Retraining the top layers helped here.', 'Here it made no difference: the frozen features were already good enough.', 'Here it did worse: with few pictures, changing more weights can learn the pictures by heart.');
      return `Retraining the top 3 blocks scored ${pct(ft)} on the test pictures, feature extraction ${pct(fe)}. ${verdict}`;
    },
  },
  {
    id: 'scenarios',
    title: '5. Which strategy when?',
    explain:
      'It depends on two things: how many pictures you have, and how much they look like the photos the model learnt from. Few and similar: freeze. Few and different: freeze the first layers, retrain the rest. Many and different: train from scratch. Many and similar: retrain everything, starting from the pretrained weights. This run races all three on your pictures.',
    strategies: ['feature-extraction', 'fine-tune', 'scratch'],
    fineTuneBlocks: 3,
    notice: (o) => {
      const entries = (Object.entries(o) as [StrategyId, Outcome][]).filter(([, v]) => v.testAccuracy !== null);
      const best = entries.sort((a, b) => (b[1].testAccuracy ?? 0) - (a[1].testAccuracy ?? 0))[0];
      const names: Record<StrategyId, string> = { 'feature-extraction': 'feature extraction', 'fine-tune': 'retraining the top layers', 'random-weights': 'MobileNet from random weights', scratch: 'training from scratch' };
      return best
        ? `On these pictures ${names[best[0]]} won with ${pct(best[1].testAccuracy)} on the test pictures (feature extraction ${pct(o['feature-extraction']?.testAccuracy)}, top layers ${pct(o['fine-tune']?.testAccuracy)}, scratch ${pct(o.scratch?.testAccuracy)}). Does that match the rule for your number of pictures?`
        : 'No strategy finished.';
    },
  },
];
