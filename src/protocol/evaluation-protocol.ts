// The evaluation area's commands and events: scoring the held-out images, the embedding map,
// and live predictions of camera frames. Results are plain data (ids, class indices, numbers).
import type { HeldOutReport } from '../ml/evaluation-report';
import type { ProjectionMethod } from '../ml/projection-options';
import type { ClassSplitCounts } from '../ml/split';
import type { LabelledExample } from './protocol';

/** Which images a report scores: the test set, or validation when the run held out no test set. */
export type ScoredSetName = 'test' | 'validation' | 'none';

export interface NearDuplicate {
  trainId: string;
  heldOutId: string;
  similarity: number;
}

export interface EvaluationReport extends HeldOutReport {
  /** The run whose head and split were evaluated. */
  runId: string;
  labels: string[];
  set: ScoredSetName;
  /**
   * True when the model had a final fit on the validation photos and they are what is scored: the
   * scores then come from the watched run's head, which never trained on them (final-fit.ts).
   */
  scoredBeforeFinalFit: boolean;
  /** Per class, images of the run still in the project: trained on, validated on, tested on. */
  splitCounts: ClassSplitCounts[];
  nearDuplicates: {
    threshold: number;
    /** The most similar pairs first, at most MAX_NEAR_DUPLICATES of them. */
    pairs: NearDuplicate[];
    /** All pairs above the threshold. */
    total: number;
    /** Scored images with at least one near-duplicate among the training images. */
    heldOutImages: number;
  };
  computeMs: number;
}

export type MapSet = 'train' | 'validation' | 'test' | 'not-in-run';

export interface MapPoint {
  id: string;
  classIndex: number;
  /** Where the last run put the image; 'not-in-run' when no run used it. */
  set: MapSet;
  /** Position in the map of the trunk's embeddings. */
  trunk: [number, number];
  /** Position in the map of the raw pixels (16x16 RGB). */
  pixels: [number, number];
}

export interface EmbeddingMapRequest {
  requestId: string;
  /** The project's images with their class; those not embedded yet are counted, not drawn. */
  examples: LabelledExample[];
  method: ProjectionMethod;
}

export interface EmbeddingMap {
  requestId: string;
  trunkId: string;
  method: ProjectionMethod;
  points: MapPoint[];
  /** Side of the raw-pixel thumbnails the pixel map is made of (size x size x 3 values). */
  pixelSize: number;
  notEmbedded: number;
  /** PCA: share of the variance each map's two axes show. */
  trunkVariance: number[] | null;
  pixelVariance: number[] | null;
  computeMs: number;
}

export interface FramePrediction {
  probabilities: number[];
  /** Time in the worker: reading the frame's pixels, trunk and head. */
  workerMs: number;
}

export type EvaluationEvent = { type: 'embeddingMapProgressed'; requestId: string; fraction: number };

/** The evaluation commands (evaluation-service.ts). */
export interface EvaluationApi {
  /** Scores the last run's test set (validation if it had none) with its head; images no longer in `imageIds` are left out. */
  evaluate(imageIds: string[]): Promise<EvaluationReport>;
  /** 2-D maps of trunk embeddings and raw pixels, from cached vectors only (nothing is re-embedded). */
  embeddingMap(request: EmbeddingMapRequest): Promise<EmbeddingMap>;
  /** Classifies one frame (e.g. from the camera); the bitmap is transferred and closed here. */
  predictFrame(frame: ImageBitmap): Promise<FramePrediction>;
}
