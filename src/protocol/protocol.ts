// The typed contract between the page and the ML worker. Requests are the methods of
// `MlWorkerApi` (commands, exposed with comlink); results that arrive over time are `WorkerEvent`s
// (past tense), delivered to the one subscriber the page registers. This file holds the data and
// the pipeline's own commands and events; ml-worker-api.ts joins them with each area's.
import type { EpochLog, TrainConfig } from '../ml/train-config';
import type { TmMetadata } from '../ml/export-model';
import type { SourceTrunkRecord } from '../ml/lab/source-trunk';

export type { EpochLog, TrainConfig };

export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';

/**
 * Where the head trains while a GPU backend runs the trunk: on the CPU path (wasm and the lean
 * JS/SIMD loop, from the embeddings already in JS memory) or on the trunk's own backend.
 */
export type HeadPlacement = 'cpu' | 'backend';
export type HeadPlacementPreference = HeadPlacement | 'auto';

export interface HeadPlacementChoice {
  placement: HeadPlacement;
  /** The tfjs backend the head trains on. */
  backend: BackendName;
  /** One sentence for the UI: why the head trains there. */
  reason: string;
  /** One epoch of a generated head each way (ms), when measured; null where that way failed. */
  epochMs?: { cpu: number | null; backend: number | null };
}

export interface BackendTiming {
  backend: BackendName;
  /** Median time of one single-image trunk pass after warm-up; null when the backend failed. */
  passMs: number | null;
  error?: string;
}

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the UI: why this backend runs. */
  reason: string;
  timings: BackendTiming[];
  overridden: boolean;
  /** Where the head trains by default; absent on CPU backends, where it trains on the trunk's backend. */
  head?: HeadPlacementChoice;
}

/**
 * Where the trunk's model.json comes from. Files are picked together: model.json + shards. 'own': your own source model, read from storage.
 * `cut`: a catalogue trunk taken from a named layer, then pooled (ml/trunk-cut.ts); `trunkName` is for the message when the layer is missing.
 */
export type TrunkSource =
  | { kind: 'url'; id: string; url: string; cut?: { layer: string; trunkName: string } }
  | { kind: 'files'; id: string; files: File[] }
  | { kind: 'own'; id: string; record: SourceTrunkRecord };

export interface TrunkInfo {
  id: string;
  layout: string;
  embeddingSize: number;
  imageSize: number;
  backend: BackendChoice;
  loadMs: number;
}

/**
 * One image's encoded bytes: an ArrayBuffer (transferred, not copied), or the Blob the page
 * already holds (an original from IndexedDB). Posting a Blob passes a handle, and the decoder
 * reads it as it is: reading it into the page and making a new Blob of it in the worker cost
 * about 1 ms per photo in the worker alone, and copied every photo twice.
 */
export interface ImageBytes {
  id: string;
  bytes: ArrayBuffer | Blob;
  type: string;
}

export type EmbedOutcome = { id: string; ok: true } | { id: string; ok: false; message: string };

export interface LabelledExample {
  id: string;
  classIndex: number;
}

export interface TrainRequest {
  runId: string;
  trunkId: string;
  examples: LabelledExample[];
  labels: string[];
  valFraction: number;
  /** Share of each class held out as a test set, never used in training; 0 for none. */
  testFraction: number;
  config: TrainConfig;
  /** Where the head trains; default 'auto' (the device's measured choice, BackendChoice.head). */
  headPlacement?: HeadPlacementPreference;
  /** Learn from each training photo's mirror view too (its embedding must be cached: embedImages with mirrors). */
  mirrorViews: boolean;
  /** After the watched run, train the model once more on the training and validation photos (final-fit.ts). */
  finalFit: boolean;
}

/** The final fit of a run (final-fit.ts): the model learnt from this many examples for this many epochs. */
export interface FinalFitSummary {
  examples: number;
  epochs: number;
  ms: number;
}

export interface TrainSummary {
  runId: string;
  epochs: EpochLog[];
  stoppedEarly: boolean;
  trainCount: number;
  valCount: number;
  testCount: number;
  trainMs: number;
  msPerEpoch: number;
  /** The tfjs backend the head trained on. */
  headBackend?: string;
  /** Whether the training photos' mirror views were learnt from (then the run learnt from 2 x trainCount examples). */
  mirrorViews?: boolean;
  /** The final fit on training plus validation photos, when there was one; the model is its head. */
  finalFit?: FinalFitSummary | null;
}

export interface ExportedModel {
  modelJson: string;
  weightData: ArrayBuffer;
  metadata: TmMetadata;
}

export interface MemoryReport {
  numTensors: number;
  numBytes: number;
}

/** The pipeline's own events; ml-worker-api.ts joins them with each area's into `WorkerEvent`. */
export type PipelineEvent =
  | { type: 'trunkProgressed'; id: string; fraction: number; stage: 'download' | 'backend' }
  | { type: 'embedded'; runId: string; done: number; total: number }
  | { type: 'epochEnded'; runId: string; log: EpochLog; totalEpochs: number }
  | { type: 'finalFitProgressed'; runId: string; epoch: number; totalEpochs: number; examples: number }
  | { type: 'trainFinished'; summary: TrainSummary }
  | { type: 'failed'; runId: string; message: string };

/** The pipeline's commands (pipeline-service.ts); `subscribe` is in ml-worker-api.ts. */
export interface PipelineApi {
  loadTrunk(source: TrunkSource, backend: BackendPreference): Promise<TrunkInfo>;
  switchBackend(backend: BackendPreference): Promise<TrunkInfo>;
  /** Ids (of those given) whose embedding for the current trunk is not cached yet. */
  /** Ids lacking an embedding for the current trunk; with `withMirrors`, also those lacking their mirror view's. */
  missingEmbeddings(ids: string[], withMirrors?: boolean): Promise<string[]>;
  /** With `mirrors`, each image's mirror view is embedded too (the default training path learns from both). */
  embedImages(runId: string, images: ImageBytes[], total: number, doneBefore: number, mirrors?: boolean): Promise<EmbedOutcome[]>;
  forgetImages(ids: string[]): Promise<void>;
  train(request: TrainRequest): Promise<TrainSummary>;
  stopTraining(runId: string): Promise<void>;
  predict(image: ImageBytes): Promise<number[]>;
  exportModel(labels: string[], modelName: string): Promise<ExportedModel>;
  /** Drops the trained head (e.g. when the classes change) so predictions cannot go stale. */
  discardHead(): Promise<void>;
  memory(): Promise<MemoryReport>;
}
