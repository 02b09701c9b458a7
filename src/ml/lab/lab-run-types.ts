// What the lab's orchestration (lab-orchestration.ts) takes and returns: plain data, no tfjs, so
// the wire types (src/protocol/lab-protocol.ts) re-export it.
import type { LabSettings, StrategyId } from './lab-types';
import type { SimilarityMeasurement } from './similarity';

/** What a lab command needs cached for each image. */
export interface LabNeeds {
  embeddings: boolean;
  /** Sizes (px) of the small raw-pixel copies the from-random-weights strategies train on. */
  pixelSizes: number[];
  /** Fine-tuning this many top units needs the activations at their freeze boundary; null for none. */
  fineTuneUnits: number | null;
}

/** The trunk's blocks as the fine-tune slider shows them. */
export interface LabTrunkBlocks {
  family: 'mobilenet-v2' | 'mobilenet-v1' | null;
  /** unitNames[k - 1] is what unfreezing k units adds, from the top (e.g. "Conv_1", "block 16", ...). */
  unitNames: string[];
  /** Floats cached per image for k units (the activation at the boundary), index k - 1. */
  floatsPerImage: number[];
}

/** The project's images (ids and classes) and the settings one lab command runs with. */
export interface LabRunRequest {
  runId: string;
  trunkId: string;
  examples: { id: string; classIndex: number }[];
  labels: string[];
  settings: LabSettings;
}

export interface LabSeedSummary {
  strategy: StrategyId;
  seed: number;
  testAccuracy: number | null;
  wallMs: number;
  stoppedEarly: boolean;
}

export interface LabCompareSummary {
  runId: string;
  seeds: LabSeedSummary[];
  stoppedEarly: boolean;
  trainCount: number;
  valCount: number;
  testCount: number;
  wallMs: number;
}

export interface LabDataSizePoint {
  strategy: StrategyId;
  perClass: number;
  label: string;
  testAccuracy: number;
}

export interface LabAssessment {
  imagesPerClass: number;
  measurement: SimilarityMeasurement;
}
