// The four things the export dialog can write, as plain data (no tfjs) so the UI can list them.

export type ExportKind = 'full' | 'head' | 'example' | 'quantized';

export type QuantizationDtype = 'float16' | 'uint8';

export interface ExportKindInfo {
  kind: ExportKind;
  title: string;
  /** One sentence for the dialog: what is in the zip and who it is for. */
  summary: string;
}

export const EXPORT_KINDS: readonly ExportKindInfo[] = [
  {
    kind: 'full',
    title: 'Full model (Teachable Machine format)',
    summary:
      'model.json + weights.bin + metadata.json: loads unchanged in @teachablemachine/image, tf.loadLayersModel and ml5.imageClassifier.',
  },
  {
    kind: 'head',
    title: 'Head only',
    summary:
      'Just the small trained classifier, labels.json and the id and URL of the trunk it sits on: a few hundred KB for people who already host the trunk.',
  },
  {
    kind: 'example',
    title: 'Standalone example',
    summary:
      'The full model plus index.html, a small script and TensorFlow.js itself: serve the folder and classify a dropped image or the webcam, offline, with exactly this app’s preprocessing.',
  },
  {
    kind: 'quantized',
    title: 'Quantised full model',
    summary:
      'The full model with float16 (half the size) or uint8 (under a third) weights; its size and accuracy change are measured before downloading.',
  },
];

export function exportFileName(kind: ExportKind, dtype: QuantizationDtype): string {
  switch (kind) {
    case 'full':
      return 'transfer-lab-model.zip';
    case 'head':
      return 'transfer-lab-head.zip';
    case 'example':
      return 'transfer-lab-example.zip';
    case 'quantized':
      return `transfer-lab-model-${dtype}.zip`;
  }
}

/** Why a "not sure" threshold cannot be used, or null when it can. */
export function thresholdProblem(threshold: number): string | null {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
    return 'The "not sure" threshold must be a probability between 0 and 1, e.g. 0.6.';
  return null;
}

/** How two sets of probabilities for the same images differ. */
export interface ProbabilityDifference {
  imageCount: number;
  /** Largest |p - q| over every image and class. */
  maxAbsDifference: number;
  /** Mean |p - q| over every image and class. */
  meanAbsDifference: number;
  /** Images whose most probable class is the same in both. */
  sameTopClass: number;
}

/** Which images a measurement used: the last run's validation images, or every labelled image when there were none. */
export type MeasurementImages = 'test' | 'validation' | 'all';

/**
 * This model's probabilities under other tools' preprocessing, compared with its own
 * (centre crop, half-pixel bilinear, x / 127.5 - 1), measured when exporting.
 */
export interface ConsumerComparison {
  images: MeasurementImages;
  /** @teachablemachine/image: canvas crop + resize, x / 127 - 1. */
  teachableMachine: ProbabilityDifference;
  /** ml5.imageClassifier with a model URL: whole image squashed to 224x224, x / 127 - 1. */
  ml5: ProbabilityDifference;
  /** Either tool given a 224x224 crop made this app's way: only x / 127 - 1 differs. */
  precroppedBy127: ProbabilityDifference;
}

export interface QuantizationReport {
  dtype: QuantizationDtype;
  originalBytes: number;
  quantizedBytes: number;
  images: MeasurementImages;
  floatAccuracy: number;
  quantizedAccuracy: number;
  /** Quantised vs full-precision probabilities on the same images. */
  difference: ProbabilityDifference;
}

export const QUANTIZATION_DTYPES_FOR_UI: readonly { dtype: QuantizationDtype; label: string }[] = [
  { dtype: 'float16', label: 'float16: half the size, nearly lossless' },
  { dtype: 'uint8', label: 'uint8 kernels: under a third of the size, can cost accuracy' },
];

export function formatMegabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(2)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}
