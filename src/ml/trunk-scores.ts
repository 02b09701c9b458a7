// A trunk ranking's results as plain data, free of tfjs so the page can use them (rank-trunks.ts
// computes them in the worker): the scores, the best one, and which photos a ranking uses.
import { effectiveTestFraction, stratifiedSplit } from './split';

/** 3 folds: the setting measured in docs/accuracy.md ("Stronger trunks"). */
export const RANKING_FOLDS = 3;

/** A class needs this many photos to take part: with 3 folds, each fold then holds one of its photos. */
export const RANKING_MIN_PER_CLASS = RANKING_FOLDS;

export type TrunkScore =
  | { trunkId: string; accuracy: number; msPerPhoto: number; timedPhotos: number; photos: number }
  | { trunkId: string; error: string };

export type RankingProgress = { trunkIndex: number; trunkId: string } & (
  | { stage: 'embedding'; done: number; total: number }
  | { stage: 'scoring'; fold: number; folds: number }
);

export type RankingOutcome = { stopped: true } | { stopped: false; scores: TrunkScore[] };

/** The trunk with the highest estimate; on a tie, the faster one (and then the earlier one). Null when none was scored. */
export function bestTrunkId(scores: TrunkScore[]): string | null {
  let best: { trunkId: string; accuracy: number; msPerPhoto: number } | null = null;
  for (const score of scores) {
    if ('error' in score) continue;
    if (!best || score.accuracy > best.accuracy || (score.accuracy === best.accuracy && score.msPerPhoto < best.msPerPhoto)) best = score;
  }
  return best?.trunkId ?? null;
}

export interface RankingPhotos {
  /** Labels of the classes that take part, in the project's order. */
  labels: string[];
  /** Their photos, class by class; classIndex points into labels. */
  examples: { id: string; classIndex: number }[];
  /** Classes left out for having fewer than RANKING_MIN_PER_CLASS photos to rank on. */
  leftOut: string[];
  /** Photos kept out because training will test on them. */
  testPhotos: number;
}

/**
 * The photos a ranking uses: every labelled photo except those the next training run holds out
 * as its test set (the same stratifiedSplit, on the same examples in the same order as
 * app/training-actions.ts), so that choosing a trunk never looks at the photos that later judge
 * it. Classes with fewer than RANKING_MIN_PER_CLASS photos left are left out.
 */
export function rankingPhotos(
  classes: { label: string; imageIds: string[] }[],
  split: { valFraction: number; testFraction: number; seed: number },
): RankingPhotos {
  const labelsOfAll = classes.flatMap((c, classIndex) => c.imageIds.map(() => classIndex));
  const testFraction = effectiveTestFraction(
    classes.map((c) => c.imageIds.length),
    split.testFraction,
  );
  const testIndices = testFraction > 0 ? stratifiedSplit(labelsOfAll, split.valFraction, split.seed, testFraction).testIndices : [];
  const held = new Set(testIndices);
  let index = 0;
  const kept = classes.map((c) => ({ label: c.label, imageIds: c.imageIds.filter(() => !held.has(index++)) }));
  const taking = kept.filter((c) => c.imageIds.length >= RANKING_MIN_PER_CLASS);
  return {
    labels: taking.map((c) => c.label),
    examples: taking.flatMap((c, classIndex) => c.imageIds.map((id) => ({ id, classIndex }))),
    leftOut: kept.filter((c) => c.imageIds.length < RANKING_MIN_PER_CLASS).map((c) => c.label),
    testPhotos: held.size,
  };
}
