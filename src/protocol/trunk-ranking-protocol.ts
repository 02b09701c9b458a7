// Ranking the installed trunks on the project's photos (trunk-ranking-service.ts): one command
// that answers with every trunk's estimate, progress events meanwhile, and a stop.
import type { RankingOutcome, RankingProgress, TrunkScore } from '../ml/trunk-scores';
import type { ImageBytes, LabelledExample, TrunkSource } from './protocol';

export type { RankingOutcome, RankingProgress, TrunkScore };

export interface TrunkRankingRequest {
  runId: string;
  /** The trunks to rank, in the order the picker lists them. */
  trunks: TrunkSource[];
  /** The photos to rank on (ml/trunk-scores.ts rankingPhotos), class by class. */
  examples: LabelledExample[];
  labels: string[];
  /** One entry per example, any order (Blob handles: the worker reads each photo once per trunk). */
  images: ImageBytes[];
}

export type TrunkRankingEvent = { type: 'trunkRankingProgressed'; runId: string; progress: RankingProgress };

export interface TrunkRankingApi {
  rankTrunks(request: TrunkRankingRequest): Promise<RankingOutcome>;
  /** Ends the ranking at its next batch or epoch; rankTrunks then answers { stopped: true }. */
  stopTrunkRanking(runId: string): Promise<void>;
}
