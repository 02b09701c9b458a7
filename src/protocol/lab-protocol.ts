// The lab's commands (lab-service.ts) and events: strategies compared side by side on one split.
import type { LabEpoch, LabSettings, StrategyId } from '../ml/lab/lab-types';
import type { LabAssessment, LabCompareSummary, LabDataSizePoint, LabNeeds, LabSeedSummary, LabTrunkBlocks } from '../ml/lab/lab-run-types';
import type { EmbedOutcome, ImageBytes, LabelledExample } from './protocol';

export type { LabAssessment, LabCompareSummary, LabDataSizePoint, LabNeeds, LabSeedSummary, LabTrunkBlocks } from '../ml/lab/lab-run-types';

export interface LabDataRequest {
  runId: string;
  trunkId: string;
  examples: LabelledExample[];
  labels: string[];
  settings: LabSettings;
}

export interface LabCompareRequest extends LabDataRequest {
  strategies: StrategyId[];
}

export type LabEvent =
  | { type: 'labPrepared'; runId: string; done: number; total: number }
  | { type: 'labEpochEnded'; runId: string; strategy: StrategyId; seed: number; epoch: LabEpoch }
  | { type: 'labSeedFinished'; runId: string; summary: LabSeedSummary }
  | { type: 'labDataSizeMeasured'; runId: string; point: LabDataSizePoint };

export interface LabApi {
  /** The loaded trunk's fine-tunable blocks. */
  labBlocks(): Promise<LabTrunkBlocks>;
  /** Ids (of those given) lacking something `needs` asks for. */
  labMissing(trunkId: string, needs: LabNeeds, ids: string[]): Promise<string[]>;
  /** Decodes each image once and caches what `needs` asks for; per-image failures are returned, not thrown. */
  labPrepare(
    runId: string,
    trunkId: string,
    needs: LabNeeds,
    images: ImageBytes[],
    total: number,
    doneBefore: number,
  ): Promise<EmbedOutcome[]>;
  /** Runs each strategy for each seed on one split, emitting labEpochEnded and labSeedFinished. */
  labCompare(request: LabCompareRequest): Promise<LabCompareSummary>;
  /** Test accuracy vs training images per class, feature extraction and scratch, one seed. */
  labDataSize(request: LabDataRequest): Promise<{ points: LabDataSizePoint[]; stoppedEarly: boolean }>;
  /** Images per class and the similarity probes, for the scenario advisor. */
  labAssess(request: LabDataRequest): Promise<LabAssessment>;
  labStop(runId: string): Promise<void>;
}
