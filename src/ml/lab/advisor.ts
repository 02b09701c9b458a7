import type { StrategyId } from './lab-types';
import { HIGH_SIMILARITY } from './similarity';

/**
 * The four classic transfer-learning scenarios: dataset size (small / large) x similarity to the
 * pretraining data (high / low), each with its usual recipe:
 *   small + similar    -> freeze the trunk, train only a head (feature extraction);
 *   small + different  -> fine-tune the top layers at a low learning rate;
 *   large + similar    -> fine-tune the whole network at a low learning rate;
 *   large + different  -> train the architecture from scratch.
 * Pure TS: the measurements come in, the advice (and the run that tries it) goes out.
 */

/** At or above this many images per class a dataset counts as large (for a browser, where every image is trained on every epoch). */
export const LARGE_DATASET_PER_CLASS = 100;

/** How many top blocks the "fine-tune the top layers" advice unfreezes. */
export const ADVISED_TOP_BLOCKS = 3;

export type Recommendation = 'freeze' | 'fine-tune-top' | 'full-fine-tune' | 'from-scratch';

export interface ScenarioInput {
  imagesPerClass: number;
  similarity: number;
}

export interface Advice {
  size: 'small' | 'large';
  similarity: 'high' | 'low';
  recommendation: Recommendation;
  /** The lab strategy that tries the recommendation. */
  strategy: StrategyId;
  /** For fine-tuning: how many top blocks to unfreeze ('all' = every block). */
  fineTuneBlocks: number | 'all' | null;
  title: string;
  /** Two sentences, for a classroom. */
  why: string;
}

export function adviseScenario({ imagesPerClass, similarity }: ScenarioInput): Advice {
  const size = imagesPerClass >= LARGE_DATASET_PER_CLASS ? 'large' : 'small';
  const close = similarity >= HIGH_SIMILARITY ? 'high' : 'low';
  const perClass = `${Math.round(imagesPerClass)} image${Math.round(imagesPerClass) === 1 ? '' : 's'} per class`;
  const score = similarity.toFixed(2);
  if (size === 'small' && close === 'high') {
    return {
      size,
      similarity: close,
      recommendation: 'freeze',
      strategy: 'feature-extraction',
      fineTuneBlocks: null,
      title: 'Freeze the pretrained model and train only the head',
      why: `With ${perClass}, training millions of weights would memorise your photos instead of learning your classes. The pretrained features already separate your classes well (similarity ${score}), so keeping them frozen and training a small head on top is fast and accurate.`,
    };
  }
  if (size === 'small') {
    return {
      size,
      similarity: close,
      recommendation: 'fine-tune-top',
      strategy: 'fine-tune',
      fineTuneBlocks: ADVISED_TOP_BLOCKS,
      title: `Fine-tune the top ${ADVISED_TOP_BLOCKS} blocks at a low learning rate`,
      why: `Your images look unlike ImageNet to this model (similarity ${score}), so its most specialised top layers should adapt to them. With only ${perClass}, the lower layers stay frozen: they detect edges and textures that suit any picture, and freezing them leaves fewer weights to overfit.`,
    };
  }
  if (close === 'high') {
    return {
      size,
      similarity: close,
      recommendation: 'full-fine-tune',
      strategy: 'fine-tune',
      fineTuneBlocks: 'all',
      title: 'Fine-tune the whole network at a low learning rate',
      why: `With ${perClass} there is enough data to adjust every layer without memorising it. Your images resemble ImageNet (similarity ${score}), so the pretrained weights are an excellent starting point and small steps only polish them.`,
    };
  }
  return {
    size,
    similarity: close,
    recommendation: 'from-scratch',
    strategy: 'random-weights',
    fineTuneBlocks: null,
    title: 'Train the architecture from scratch',
    why: `Your images look unlike ImageNet to this model (similarity ${score}), so its pretrained features help little. With ${perClass} there is enough data to learn features of your own, reusing only the proven MobileNet architecture.`,
  };
}
