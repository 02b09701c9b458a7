// Ranking trunks on the user's own photos: embed the photos with each trunk in turn, then score
// each trunk's embeddings with a 3-fold cross-validated head (head-cross-validation.ts), the
// estimate that put three trunks in the order of their test accuracy on hymenoptera while the
// nearest-centroid one did not (docs/accuracy.md, "Stronger trunks").
import { CrossValidationStopped, crossValidatedHeadAccuracy } from './head-cross-validation';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './train-config';
import { RANKING_FOLDS, type RankingOutcome, type RankingProgress, type TrunkScore } from './trunk-scores';

export { bestTrunkId, RANKING_FOLDS, rankingPhotos, type RankingOutcome, type RankingProgress, type TrunkScore } from './trunk-scores';

/** 20 epochs: the setting measured in docs/accuracy.md; a fixed seed so that one set of photos always gets one estimate. */
export const RANKING_CONFIG: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, epochs: 20, seed: 1 };

/** What a trunk's embedding step hands back: one vector per photo (null for a photo it could not read) and its speed. */
export interface TrunkEmbeddings {
  embeddings: (Float32Array | null)[];
  /** Milliseconds per photo measured while embedding in this run (decode plus trunk). */
  msPerPhoto: number;
  /** How many photos that time was measured on. */
  timedPhotos: number;
}

export interface EmbedControl {
  /** Awaited as photos are embedded. */
  onProgress: (done: number, total: number) => Promise<void>;
  /** Polled between batches: true means return null as soon as no work is left half-done. */
  shouldStop: () => boolean;
}

export interface RankableTrunk {
  id: string;
  /** Embeds the photos (in the order of `labels`); null when stopped; may throw (the trunk then gets an error). */
  embed(control: EmbedControl): Promise<TrunkEmbeddings | null>;
}

export interface RankingControl {
  /** Polled between batches and epochs; true ends the ranking with no score at all. */
  shouldStop: () => boolean;
  /** Awaited at every step (a worker yields to its messages here). */
  onProgress: (progress: RankingProgress) => Promise<void>;
  folds?: number;
  config?: TrainConfig;
}

class RankingStopped extends Error {}

/**
 * Scores each trunk in turn. A trunk that fails (cannot load, too few readable photos) gets an
 * error and the others go on. Stopped, it returns no score, not the ones done so far: the user
 * asked for a comparison, and half of one would read as one.
 */
export async function rankTrunks(
  trunks: RankableTrunk[],
  labels: number[],
  numClasses: number,
  control: RankingControl,
): Promise<RankingOutcome> {
  const folds = control.folds ?? RANKING_FOLDS;
  const config = control.config ?? RANKING_CONFIG;
  const scores: TrunkScore[] = [];
  const stopHere = () => {
    if (control.shouldStop()) throw new RankingStopped();
  };
  try {
    for (const [trunkIndex, trunk] of trunks.entries()) {
      stopHere();
      let embedded: TrunkEmbeddings | null;
      try {
        embedded = await trunk.embed({
          onProgress: (done, total) => control.onProgress({ trunkIndex, trunkId: trunk.id, stage: 'embedding', done, total }),
          shouldStop: control.shouldStop,
        });
      } catch (error) {
        stopHere();
        scores.push({ trunkId: trunk.id, error: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (!embedded) throw new RankingStopped();
      stopHere();
      const kept = embedded.embeddings.flatMap((vector, i) => (vector ? [{ vector, label: labels[i] }] : []));
      let fold = 0;
      await control.onProgress({ trunkIndex, trunkId: trunk.id, stage: 'scoring', fold, folds });
      try {
        const accuracy = await crossValidatedHeadAccuracy(
          kept.map((k) => k.vector),
          kept.map((k) => k.label),
          numClasses,
          folds,
          config,
          {
            onEpoch: async (log) => {
              // Each fold trains config.epochs epochs: the last epoch of one ends a fold.
              if (log.epoch === config.epochs) fold++;
              await control.onProgress({ trunkIndex, trunkId: trunk.id, stage: 'scoring', fold: Math.min(fold, folds), folds });
            },
            shouldStop: control.shouldStop,
          },
        );
        scores.push({
          trunkId: trunk.id,
          accuracy,
          msPerPhoto: embedded.msPerPhoto,
          timedPhotos: embedded.timedPhotos,
          photos: kept.length,
        });
      } catch (error) {
        if (error instanceof CrossValidationStopped) throw new RankingStopped();
        scores.push({ trunkId: trunk.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } catch (error) {
    if (error instanceof RankingStopped) return { stopped: true };
    throw error;
  }
  return { stopped: false, scores };
}
