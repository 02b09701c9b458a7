// The interop area's commands (interop-service.ts) and events: export packages, quantisation
// measurements, model import.
import type { ConsumerComparison, ExportKind, MeasurementImages, QuantizationDtype, QuantizationReport } from '../ml/export-kinds';
import type { ImportedKind } from '../ml/import-model';
import type { NamedBytes } from '../ml/model-files';
import type { PixelImage } from '../ml/preprocess';
import type { BackendPreference, ImageBytes, LabelledExample, TrunkInfo } from './protocol';
import type { TrainingSettings } from './training-settings';

/** An image's bytes and its class index in the current labels. */
export interface LabelledImageBytes extends ImageBytes {
  /** A buffer: the measurements decode it in more than one way. */
  bytes: ArrayBuffer;
  classIndex: number;
}

/**
 * An image for the comparison with other tools' preprocessing, with Teachable Machine's canvas
 * crop of it already drawn on the page (only a page can draw an <img>, which is what makes
 * that crop exact).
 */
export interface ConsumerSample extends LabelledImageBytes {
  teachableMachineSquare: PixelImage;
}

/** The images measurements use: the last run's validation examples, or all its examples when it had none. */
export interface EvaluationExamples {
  images: MeasurementImages;
  examples: LabelledExample[];
}

export interface ExportRequest {
  kind: ExportKind;
  labels: string[];
  modelName: string;
  /** Below this top probability the answer is "not sure"; null for none. */
  threshold: number | null;
  quantization: QuantizationDtype;
  /** The measurement the user saw before downloading a quantised model, for its README. */
  quantizationReport: QuantizationReport | null;
  /** A few labelled images to measure other tools' preprocessing on, for the README; null when the project has none. */
  sample: { images: MeasurementImages; items: ConsumerSample[] } | null;
}

export interface ExportedFiles {
  /** Zip entries in order: name -> text or bytes. */
  files: { name: string; content: string | ArrayBuffer }[];
  consumers: ConsumerComparison | null;
}

/** The training package (issue #17): every readable photo of the current classes, in class order. */
export interface TrainingPackageRequest {
  labels: string[];
  photos: { classIndex: number; name: string; bytes: ArrayBuffer }[];
  settings: TrainingSettings;
}

export interface ImportPreview {
  importId: string;
  kind: ImportedKind;
  producer: string;
  modelName: string;
  labels: string[];
  labelsFrom: string;
  /** Labels renamed to be valid, distinct class names: one sentence each. */
  labelChanges: string[];
  embeddingSize: number;
  imageSize: number | null;
  trunkLayout: string | null;
  quantization: string | null;
  weightBytes: number;
  /** Head-only: the trunk the head was trained on (from head.json). */
  headTrunk: { id: string; name: string | null; canonicalUrl: string | null } | null;
  notSureThreshold: number | null;
  /** Why it cannot be used right now (a head for another trunk), or null. */
  blocker: string | null;
}

/** 'model': its classes, trunk and head replace the project's; 'trunk': only its trunk becomes the project's trunk. */
export type ImportMode = 'model' | 'trunk';

export interface ImportResult {
  kind: ImportedKind;
  mode: ImportMode;
  labels: string[];
  /** The new trunk when the import brought one. */
  trunk: TrunkInfo | null;
}

export type InteropEvent = { type: 'interopProgressed'; task: 'quantization' | 'export'; done: number; total: number };

/** One image's probabilities (label order) under each tool's preprocessing. */
export interface ConsumerProbabilityRows {
  ours: number[];
  teachableMachine: number[];
  ml5: number[];
  precroppedBy127: number[];
}

export interface InteropApi {
  /** What the README's comparison is made of, for one image: lets tests check it against the real libraries. */
  consumerProbabilities(sample: ConsumerSample): Promise<ConsumerProbabilityRows>;
  evaluationExamples(): Promise<EvaluationExamples>;
  measureQuantization(
    dtype: QuantizationDtype,
    labels: string[],
    images: LabelledImageBytes[],
    which: MeasurementImages,
  ): Promise<QuantizationReport>;
  buildExport(request: ExportRequest): Promise<ExportedFiles>;
  /** The training package's zip entries; the trained head goes in when it fits the labels. */
  buildTrainingPackage(request: TrainingPackageRequest): Promise<Pick<ExportedFiles, 'files'>>;
  /** Reads and checks a picked model; nothing in the project changes. Throws a message naming what is wrong. */
  inspectImport(files: NamedBytes[]): Promise<ImportPreview>;
  /** The preview again, its blocker re-checked against the current trunk (after the user switched it). */
  refreshImport(importId: string): Promise<ImportPreview | null>;
  applyImport(importId: string, mode: ImportMode, backend: BackendPreference): Promise<ImportResult>;
  discardImport(importId: string): Promise<void>;
}
