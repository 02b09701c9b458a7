// The lab's commands (lab-service.ts) and events: strategies compared side by side on one split.
import type { LabEpoch, LabSettings, SourceTrainSettings, StrategyId } from '../ml/lab/lab-types';
import type { LabAssessment, LabCompareSummary, LabDataSizePoint, LabNeeds, LabSeedSummary, LabTrunkBlocks } from '../ml/lab/lab-run-types';
import type { SourceTrunkRecord } from '../ml/lab/source-trunk';

export type { SourceTrunkRecord, SourceTrunkSummary } from '../ml/lab/source-trunk';
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
  /** Your own source model, for the source-* strategies (the page reads it from storage; it is small). */
  sourceTrunk?: SourceTrunkRecord | null;
}

/** What your own source model learns from: a generated sample set, or the images of a project (sent first with labSourcePrepare). */
export type SourceTask = { kind: 'sample'; sampleSetId: string } | { kind: 'images'; labels: string[]; examples: LabelledExample[] };

export interface SourceTrainRequest {
  runId: string;
  /** The new trunk's id (OWN_TRUNK_PREFIX + a fresh id). */
  id: string;
  /** The name the trunk picker shows. */
  name: string;
  /** What it learns from, in words (the project's or the sample set's name). */
  sourceName: string;
  source: SourceTask;
  settings: SourceTrainSettings;
}

export interface SourceTrainResult {
  /** The trained trunk in its stored form; null when stopped before it finished. */
  record: SourceTrunkRecord | null;
  stoppedEarly: boolean;
}

export type LabEvent =
  | { type: 'labPrepared'; runId: string; done: number; total: number }
  | { type: 'labEpochEnded'; runId: string; strategy: StrategyId; seed: number; epoch: LabEpoch }
  | { type: 'labSeedFinished'; runId: string; summary: LabSeedSummary }
  | { type: 'labDataSizeMeasured'; runId: string; point: LabDataSizePoint }
  | { type: 'sourcePrepared'; runId: string; done: number; total: number }
  | { type: 'sourceEpochEnded'; runId: string; epoch: LabEpoch; epochs: number };

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

/** Your own source model (source-model-service.ts): trained in the worker, kept by the page. */
export interface SourceModelApi {
  /** Decodes a source project's images at `imageSize` and keeps them for labTrainSource; per-image failures are returned. */
  labSourcePrepare(runId: string, imageSize: number, images: ImageBytes[], total: number, doneBefore: number): Promise<EmbedOutcome[]>;
  /** Trains the scratch CNN on the source task, emitting sourceEpochEnded; stops with labStop(runId). */
  labTrainSource(request: SourceTrainRequest): Promise<SourceTrainResult>;
}
