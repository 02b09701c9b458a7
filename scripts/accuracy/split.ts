// The bench's split for one seed, shared by the accuracy scripts: flowers12 draws 10 training
// photos per class from train/ (scored on test/), hymenoptera uses all of train/ (scored on val/);
// then Teachable Machine's holdout, ceil(15%) of each class, chosen by the seed.
import { createRng, shuffledIndices } from '../../src/ml/rng';
import type { CachedPhoto } from './cache';

export interface ClassSplit {
  /** Photo indices the head trains on (85% of the class's training photos). */
  train: number[];
  /** Teachable Machine's held-out 15%. */
  val: number[];
  /** Photos outside train/, scored after training. */
  test: number[];
}

/** One ClassSplit per class, in label order; the draws depend only on the seed and the photo list. */
export function benchSplit(dataset: string, photos: CachedPhoto[], labelOf: number[], classes: number, seed: number): ClassSplit[] {
  const rng = createRng(1000 + seed);
  return Array.from({ length: classes }, (_, c) => {
    const members = photos.map((p, i) => ({ p, i })).filter(({ i }) => labelOf[i] === c);
    const inTrain = members.filter(({ p }) => p.split === 'train').map(({ i }) => i);
    const picked =
      dataset === 'flowers12'
        ? shuffledIndices(inTrain.length, rng)
            .slice(0, 10)
            .map((k) => inTrain[k])
        : inTrain;
    const order = shuffledIndices(picked.length, rng).map((k) => picked[k]);
    const valCount = Math.ceil(0.15 * picked.length);
    return {
      train: order.slice(valCount),
      val: order.slice(0, valCount),
      test: members.filter(({ p }) => p.split !== 'train').map(({ i }) => i),
    };
  });
}
