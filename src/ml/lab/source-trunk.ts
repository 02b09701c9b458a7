// A source model kept as a trunk, in the form the app stores (IndexedDB), sends to the worker and
// exports: its model.json parts and weights plus what it was trained on. tfjs appears as types
// only, so the page and the storage layer can use this file without bundling tfjs.
import type * as tf from '@tensorflow/tfjs';

/** Trunk ids of the user's own source models start with this; catalogue trunks never do. */
export const OWN_TRUNK_PREFIX = 'own:';

export function isOwnTrunkId(id: string): boolean {
  return id.startsWith(OWN_TRUNK_PREFIX);
}

/** What the UI lists about a kept source model (no weights). */
export interface SourceTrunkSummary {
  id: string;
  /** The name shown in the trunk picker, e.g. "My model: Ten shapes (32 px)". */
  name: string;
  /** What it was trained on: a project's or a sample set's name. */
  sourceName: string;
  classes: string[];
  imageSize: number;
  embeddingSize: number;
  trainCount: number;
  valCount: number;
  epochs: number;
  /** Validation accuracy of the source classifier after its last epoch. */
  validationAccuracy: number | null;
  trainMs: number;
  createdAt: number;
}

/** The stored form: the summary plus the feature layers as tfjs model artifacts (topology JSON, one weight buffer). */
export interface SourceTrunkRecord extends SourceTrunkSummary {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export function summaryOf(record: SourceTrunkRecord): SourceTrunkSummary {
  const { modelTopology: _topology, weightSpecs: _specs, weightData: _data, ...summary } = record;
  return summary;
}

/** The artifacts tf.loadLayersModel(tf.io.fromMemory(...)) builds the trunk from. */
export function recordArtifacts(record: SourceTrunkRecord): tf.io.ModelArtifacts {
  return { modelTopology: record.modelTopology, weightSpecs: record.weightSpecs, weightData: record.weightData, format: 'layers-model' };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * A stored value checked field by field before it is used: storage written by another version, or
 * damaged, is refused with the field that is wrong rather than read wrongly.
 */
export function checkSourceTrunkRecord(value: unknown): SourceTrunkRecord {
  const fail = (what: string) => new Error(`This stored model cannot be read: ${what}.`);
  if (!isObject(value)) throw fail('it is not a record');
  if (typeof value.id !== 'string' || !isOwnTrunkId(value.id)) throw fail('its id is not one of ours');
  for (const key of ['name', 'sourceName'] as const) if (typeof value[key] !== 'string') throw fail(`"${key}" is missing`);
  if (!Array.isArray(value.classes) || !value.classes.every((c) => typeof c === 'string')) throw fail('"classes" is not a list of names');
  for (const key of ['imageSize', 'embeddingSize', 'trainCount', 'valCount', 'epochs', 'trainMs', 'createdAt'] as const) {
    const n = value[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw fail(`"${key}" is not a number`);
  }
  if (value.validationAccuracy !== null && typeof value.validationAccuracy !== 'number') throw fail('"validationAccuracy" is not a number');
  if (!isObject(value.modelTopology)) throw fail('the model topology is missing');
  if (!Array.isArray(value.weightSpecs)) throw fail('the weight list is missing');
  if (!(value.weightData instanceof ArrayBuffer)) throw fail('the weights are missing');
  return value as unknown as SourceTrunkRecord;
}

/**
 * The files of a tfjs layers model: model.json (weightsManifest pointing at weights.bin) and
 * weights.bin, which tf.loadLayersModel, the app's "load a trunk from files" and
 * tf.io.browserFiles read back; README.txt says what it is.
 */
export function sourceTrunkFiles(record: SourceTrunkRecord): Record<string, string | ArrayBuffer> {
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'Transfer Lab (your own source model)',
    convertedBy: null,
    modelTopology: record.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: record.weightSpecs }],
  };
  const readme = [
    `${record.name}`,
    '',
    `A feature extractor trained in Transfer Lab on "${record.sourceName}" (${record.classes.length} classes: ${record.classes.join(', ')}),`,
    `${record.trainCount} training and ${record.valCount} validation pictures, ${record.epochs} epochs.`,
    `Input: ${record.imageSize} x ${record.imageSize} RGB scaled to [-1, 1] (x / 127.5 - 1). Output: ${record.embeddingSize} features per picture.`,
    '',
    'Load it with tf.loadLayersModel("model.json"), or in Transfer Lab with "Load another trunk" > files (model.json and weights.bin together).',
    '',
  ].join('\n');
  return { 'model.json': JSON.stringify(modelJson), 'weights.bin': record.weightData, 'README.txt': readme };
}
