// The training package (issue #17): every photo in class folders, the split and the settings,
// the model (trunk + head) in our tfjs layers format, and a Python project (train.py,
// requirements.txt, README.md) that trains the same model with TensorFlow/Keras and writes a
// Teachable-Machine-format zip the app imports. A pure function of its inputs: the app's worker
// and the headless CLI (scripts/training-package.ts, run with tsx) both call it.
import * as tf from '@tensorflow/tfjs';
import type { ExportFile } from './export-package';
import { createExportMetadata } from './export-metadata';
import { buildExportModel, serializeModel, WEIGHTS_FILE_NAME } from './export-model';
import { MAX_DECODED_SHORT_SIDE } from '../portable/decode-pixels.js';
import { createHead, HEAD_NAMES } from './head';
import { PREPROCESSING } from './preprocess';
import { effectiveTestFraction, stratifiedSplit } from './split';
import type { TrainConfig } from './train-config';
import type { Trunk } from './trunk';

export const TRAINING_PACKAGE_FORMAT = 'transfer-lab-training-package';
export const TRAINING_PACKAGE_VERSION = 1;

export interface PackagePhoto {
  classIndex: number;
  /** The file's own name (used, made safe, inside the zip). */
  name: string;
  bytes: Uint8Array;
}

export interface PackageSettings extends TrainConfig {
  valFraction: number;
  testFraction: number;
  /** train.py learns from the mirror views of the training photos too (final-fit.ts). */
  mirrorViews: boolean;
  /** train.py ends with a final fit on training and validation photos (final-fit.ts). */
  finalFit: boolean;
}

/** train.py, requirements.txt and README.md, read from src/portable/training by the caller. */
export interface PythonProjectFiles {
  trainPy: string;
  requirementsTxt: string;
  readmeMd: string;
}

export interface TrainingPackageInput {
  labels: string[];
  photos: PackagePhoto[];
  settings: PackageSettings;
  trunk: Trunk;
  /** The trained head; null when the project has not been trained (a seeded, untrained head is written). */
  trainedHead: tf.LayersModel | null;
  python: PythonProjectFiles;
  appVersion: string;
  exportedAt: Date;
}

export type SplitName = 'train' | 'val' | 'test';

export interface PackagedPhoto {
  path: string;
  classIndex: number;
  split: SplitName;
}

/** dataset.json: what train.py reads. */
export interface TrainingPackageManifest {
  format: typeof TRAINING_PACKAGE_FORMAT;
  version: number;
  labels: string[];
  photos: PackagedPhoto[];
  settings: PackageSettings & { effectiveTestFraction: number; optimizer: 'adam'; loss: 'categorical_crossentropy' };
  trunk: { id: string; layout: string; embeddingSize: number; imageSize: number };
  model: { path: string; weights: string; headTrained: boolean; headLayers: { hidden: string; output: string } };
  preprocessing: typeof PREPROCESSING & { resizeHalfPixelCenters: true; decodedShortSideCap: number };
  appVersion: string;
  exportedAt: string;
}

/** A file or folder name that is safe on every OS and in every zip tool: letters, digits, . _ - only. */
export function safeName(name: string, fallback: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80);
  return cleaned.length > 0 ? cleaned : fallback;
}

/**
 * The split the app's training run makes (stratifiedSplit over the photos in order, the run's
 * seed, the test share only once every class can spare one), written per photo so train.py
 * trains, validates and tests on exactly the app's photos.
 */
export function packageSplit(
  photos: { classIndex: number }[],
  numClasses: number,
  settings: PackageSettings,
): { splits: SplitName[]; testFraction: number } {
  const sizes = Array.from({ length: numClasses }, (_, c) => photos.filter((p) => p.classIndex === c).length);
  const testFraction = effectiveTestFraction(sizes, settings.testFraction);
  const split = stratifiedSplit(
    photos.map((p) => p.classIndex),
    settings.valFraction,
    settings.seed,
    testFraction,
  );
  const splits: SplitName[] = photos.map(() => 'train');
  for (const i of split.valIndices) splits[i] = 'val';
  for (const i of split.testIndices) splits[i] = 'test';
  return { splits, testFraction };
}

export async function buildTrainingPackage(input: TrainingPackageInput): Promise<ExportFile[]> {
  const { labels, photos, settings, trunk } = input;
  if (labels.length < 2) throw new Error(`A training package needs at least 2 classes, got ${labels.length}.`);
  for (const [index, photo] of photos.entries()) {
    if (!Number.isInteger(photo.classIndex) || photo.classIndex < 0 || photo.classIndex >= labels.length) {
      throw new Error(`Photo ${index} ("${photo.name}") has class ${photo.classIndex}, but there are ${labels.length} classes.`);
    }
  }
  const files: ExportFile[] = [];
  const folders = labels.map((label, c) => `photos/${String(c).padStart(2, '0')}_${safeName(label, 'class')}`);
  const { splits, testFraction } = packageSplit(photos, labels.length, settings);
  const packaged: PackagedPhoto[] = photos.map((photo, i) => {
    const path = `${folders[photo.classIndex]}/${String(i).padStart(5, '0')}_${safeName(photo.name, 'photo')}`;
    const bytes = photo.bytes;
    files.push({ name: path, content: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    return { path, classIndex: photo.classIndex, split: splits[i] };
  });

  const head =
    input.trainedHead ??
    createHead({ inputSize: trunk.embeddingSize, hiddenUnits: settings.hiddenUnits, numClasses: labels.length, seed: settings.seed });
  try {
    const outputs = head.outputs[0]?.shape[1];
    if (outputs !== labels.length) throw new Error(`The trained head outputs ${outputs} classes but the project has ${labels.length}.`);
    const { modelJson, weightData } = await serializeModel(buildExportModel(trunk, head));
    files.push({ name: 'model/model.json', content: modelJson });
    files.push({ name: `model/${WEIGHTS_FILE_NAME}`, content: weightData });
    // train.py copies it into the zip it writes, so the app imports the result as one of its own full models.
    const metadata = createExportMetadata({
      kind: 'full',
      labels,
      modelName: 'transfer-lab-keras',
      trunkId: trunk.id,
      appVersion: input.appVersion,
      threshold: null,
      quantization: null,
      now: input.exportedAt,
    });
    files.push({ name: 'model/metadata.json', content: JSON.stringify(metadata, null, 2) });
  } finally {
    if (!input.trainedHead) head.dispose();
  }

  const manifest: TrainingPackageManifest = {
    format: TRAINING_PACKAGE_FORMAT,
    version: TRAINING_PACKAGE_VERSION,
    labels,
    photos: packaged,
    settings: { ...settings, effectiveTestFraction: testFraction, optimizer: 'adam', loss: 'categorical_crossentropy' },
    trunk: { id: trunk.id, layout: trunk.layout, embeddingSize: trunk.embeddingSize, imageSize: trunk.imageSize },
    model: {
      path: 'model/model.json',
      weights: `model/${WEIGHTS_FILE_NAME}`,
      headTrained: input.trainedHead !== null,
      headLayers: { hidden: HEAD_NAMES.hidden, output: HEAD_NAMES.output },
    },
    preprocessing: { ...PREPROCESSING, resizeHalfPixelCenters: true, decodedShortSideCap: MAX_DECODED_SHORT_SIDE },
    appVersion: input.appVersion,
    exportedAt: input.exportedAt.toISOString(),
  };
  files.push({ name: 'dataset.json', content: JSON.stringify(manifest, null, 2) });
  files.push({ name: 'labels.json', content: JSON.stringify(labels, null, 2) });
  files.push({ name: 'train.py', content: input.python.trainPy });
  files.push({ name: 'requirements.txt', content: input.python.requirementsTxt });
  files.push({ name: 'README.md', content: input.python.readmeMd });
  return files;
}
