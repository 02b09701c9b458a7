import type * as tf from '@tensorflow/tfjs';
import { normaliseClassLabels } from './class-labels';
import { checkDeclaredShapes, ModelShapeError } from './model-shape-check';
import { totalWeightBytes } from './quantize-weights';

/**
 * Reading a model someone picked (model.json + weight files + metadata.json or labels.json, or
 * the contents of a zip) into tfjs artifacts, checking everything that can be checked without
 * building the model. Every failure is a ModelFileError whose message names the file and says
 * what is wrong with it, for the user to read.
 */

export interface NamedBytes {
  name: string;
  bytes: ArrayBuffer;
}

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** head.json of a Transfer Lab head-only export: which trunk the head sits on. */
export interface HeadDescriptor {
  trunk: { id: string; name?: string; canonicalUrl?: string | null; embeddingSize?: number; imageSize?: number };
  notSureThreshold?: number | null;
  modelName?: string;
}

export interface ModelFiles {
  modelJsonName: string;
  artifacts: tf.io.ModelArtifacts;
  weightBytes: number;
  labels: string[];
  labelsFrom: string;
  /** What was done to labels that could not name a class as they were (one sentence each, for the user). */
  labelChanges: string[];
  /** metadata.json as given (Teachable Machine's shape), when picked. */
  metadata: Record<string, unknown> | null;
  head: HeadDescriptor | null;
  modelName: string;
  /** Who wrote it, from metadata.json's packageName. */
  producer: 'Teachable Machine' | 'Transfer Lab' | 'TensorFlow.js';
  /** A short hash of the weights: tells two imports of different models apart. */
  fingerprint: string;
}

const COMPANION_FILES = new Set(['metadata.json', 'labels.json', 'head.json']);
const LAYERS_MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

export function readModelFiles(picked: NamedBytes[]): ModelFiles {
  if (picked.length === 0) throw new ModelFileError('No files were picked.');
  const files = new Map<string, ArrayBuffer>();
  for (const file of picked) {
    const name = baseName(file.name);
    if (files.has(name)) throw new ModelFileError(`Two files are called "${name}": pick one model at a time.`);
    files.set(name, file.bytes);
  }
  const names = [...files.keys()];
  const modelJsonName = findModelJson(names);
  const modelJson = parseJsonObject(modelJsonName, files.get(modelJsonName)!);
  const { topology, manifest } = checkLayersModel(modelJsonName, modelJson);

  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: ArrayBuffer[] = [];
  for (const group of manifest) {
    const paths = group.paths.map(baseName);
    const missing = paths.filter((path) => !files.has(path));
    if (missing.length > 0) {
      throw new ModelFileError(
        `${modelJsonName} needs the weight file${missing.length > 1 ? 's' : ''} ${list(missing)}, which ${missing.length > 1 ? 'are' : 'is'} not among the files picked (${list(names)}). ` +
          'Pick it together with model.json, or pick the .zip as downloaded.',
      );
    }
    const groupShards = paths.map((path) => files.get(path)!);
    let expected: number;
    try {
      expected = totalWeightBytes(group.weights);
    } catch (error) {
      throw new ModelFileError(
        `${modelJsonName} describes a weight this app cannot read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const actual = groupShards.reduce((sum, shard) => sum + shard.byteLength, 0);
    if (actual !== expected) {
      throw new ModelFileError(
        `The weight file${paths.length > 1 ? 's' : ''} ${list(paths)} hold${paths.length > 1 ? '' : 's'} ${actual.toLocaleString('en')} bytes but ${modelJsonName} describes ` +
          `${expected.toLocaleString('en')} bytes of weights: the file is truncated, damaged or belongs to another model.`,
      );
    }
    weightSpecs.push(...group.weights);
    shards.push(...groupShards);
  }
  try {
    // Before anything is allocated: declared sizes must be backed by the weights just checked.
    checkDeclaredShapes(topology, weightSpecs, modelJsonName);
  } catch (error) {
    if (error instanceof ModelShapeError) throw new ModelFileError(error.message);
    throw error;
  }
  const weightData = joinBuffers(shards);

  const metadata = files.has('metadata.json') ? parseJsonObject('metadata.json', files.get('metadata.json')!) : null;
  const head = files.has('head.json') ? (parseJsonObject('head.json', files.get('head.json')!) as unknown as HeadDescriptor) : null;
  if (head && (typeof head.trunk !== 'object' || head.trunk === null || typeof head.trunk.id !== 'string')) {
    throw new ModelFileError('head.json has no "trunk" with an "id": it does not say which trunk this head belongs to.');
  }
  const { labels, labelsFrom, labelChanges } = readLabels(metadata, files, modelJsonName);

  return {
    modelJsonName,
    artifacts: {
      modelTopology: topology,
      weightSpecs,
      weightData,
      format: typeof modelJson.format === 'string' ? modelJson.format : undefined,
      generatedBy: typeof modelJson.generatedBy === 'string' ? modelJson.generatedBy : undefined,
      convertedBy: typeof modelJson.convertedBy === 'string' ? modelJson.convertedBy : undefined,
    },
    weightBytes: weightData.byteLength,
    labels,
    labelsFrom,
    labelChanges,
    metadata,
    head,
    modelName: stringField(metadata, 'modelName') ?? head?.modelName ?? modelJsonName.replace(/\.json$/, ''),
    producer: producerOf(metadata, head),
    fingerprint: fingerprint(weightData),
  };
}

function findModelJson(names: string[]): string {
  const candidates = names.filter((name) => name.toLowerCase().endsWith('.json') && !COMPANION_FILES.has(name));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    throw new ModelFileError(
      `No model.json among the files picked (${list(names)}). Pick model.json, its weight file(s) and metadata.json together, or the .zip as downloaded.`,
    );
  }
  throw new ModelFileError(`More than one model file among the files picked (${list(candidates)}): pick one model at a time.`);
}

function parseJsonObject(name: string, bytes: ArrayBuffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    throw new ModelFileError(
      `${name} is not valid JSON (${error instanceof Error ? error.message : String(error)}): the file is damaged or is not what its name says.`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelFileError(
      `${name} holds ${Array.isArray(value) ? 'a list' : `a ${typeof value}`} where an object was expected: it is not what its name says.`,
    );
  }
  return value as Record<string, unknown>;
}

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

function checkLayersModel(name: string, json: Record<string, unknown>): { topology: object; manifest: ManifestGroup[] } {
  const topology = json.modelTopology;
  const isGraph = json.format === 'graph-model' || (typeof topology === 'object' && topology !== null && 'node' in topology);
  if (isGraph) {
    throw new ModelFileError(
      `${name} is a TensorFlow.js graph model (converted from a TensorFlow SavedModel or frozen graph), not a layers model. ` +
        'Only layers models can be imported; Teachable Machine image models and Transfer Lab exports are layers models.',
    );
  }
  if (typeof topology !== 'object' || topology === null) {
    throw new ModelFileError(`${name} has no "modelTopology", so it is not a TensorFlow.js model file.`);
  }
  const config = (topology as { model_config?: { class_name?: unknown } }).model_config ?? (topology as { class_name?: unknown });
  const className = config.class_name;
  if (typeof className !== 'string' || !LAYERS_MODEL_CLASSES.has(className)) {
    throw new ModelFileError(
      `${name} is not a TensorFlow.js layers model: its topology is ${typeof className === 'string' ? `a "${className}"` : 'of no known kind'} rather than a Sequential or functional Model.`,
    );
  }
  const manifest = json.weightsManifest;
  const validGroup = (group: unknown): group is ManifestGroup =>
    typeof group === 'object' &&
    group !== null &&
    Array.isArray((group as ManifestGroup).paths) &&
    Array.isArray((group as ManifestGroup).weights) &&
    (group as ManifestGroup).paths.every((path) => typeof path === 'string');
  if (!Array.isArray(manifest) || !manifest.every(validGroup)) {
    throw new ModelFileError(`${name} has no valid "weightsManifest" (the list of weight files and their contents).`);
  }
  return { topology, manifest };
}

interface ReadLabels {
  labels: string[];
  labelsFrom: string;
  labelChanges: string[];
}

function readLabels(metadata: Record<string, unknown> | null, files: Map<string, ArrayBuffer>, modelJsonName: string): ReadLabels {
  if (metadata && 'labels' in metadata) {
    return { ...checkLabels('metadata.json', metadata.labels, '"labels"'), labelsFrom: 'metadata.json' };
  }
  if (files.has('labels.json')) {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8').decode(files.get('labels.json')!));
    } catch (error) {
      throw new ModelFileError(
        `labels.json is not valid JSON (${error instanceof Error ? error.message : String(error)}): the file is damaged.`,
      );
    }
    return { ...checkLabels('labels.json', value, 'content'), labelsFrom: 'labels.json' };
  }
  throw new ModelFileError(
    `No class labels: pick metadata.json (Teachable Machine, Transfer Lab full model) or labels.json (Transfer Lab head) together with ${modelJsonName}.` +
      (metadata ? ' The metadata.json picked has no "labels".' : ''),
  );
}

/** 10,000 classes: Teachable Machine projects have a handful; a longer list is not a class list. */
const MAX_LABELS = 10_000;

/** Labels must be strings; they become class names by the app's one rule set (class-labels.ts), and each change is reported. */
function checkLabels(file: string, value: unknown, what: string): { labels: string[]; labelChanges: string[] } {
  if (!Array.isArray(value) || value.length === 0 || !value.every((label) => typeof label === 'string')) {
    throw new ModelFileError(`${file}: its ${what} must be a non-empty list of class names.`);
  }
  if (value.length > MAX_LABELS)
    throw new ModelFileError(
      `${file} lists ${value.length.toLocaleString('en')} labels; this app accepts at most ${MAX_LABELS.toLocaleString('en')} classes.`,
    );
  const { labels, changes } = normaliseClassLabels(value as string[]);
  return { labels, labelChanges: changes.map((change) => `Class ${change.index + 1}: ${change.message}`) };
}

function stringField(object: Record<string, unknown> | null, key: string): string | null {
  const value = object?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function producerOf(metadata: Record<string, unknown> | null, head: HeadDescriptor | null): ModelFiles['producer'] {
  const packageName = stringField(metadata, 'packageName');
  if (packageName === '@teachablemachine/image' || stringField(metadata, 'tmVersion')) return 'Teachable Machine';
  if (packageName === 'transfer-lab' || head) return 'Transfer Lab';
  return 'TensorFlow.js';
}

function joinBuffers(buffers: ArrayBuffer[]): ArrayBuffer {
  if (buffers.length === 1) return buffers[0];
  const total = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined.buffer;
}

/** FNV-1a over the bytes, as 8 hex digits. Not cryptographic: it only tells models apart. */
export function fingerprint(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let hash = 0x811c9dc5;
  for (let i = 0; i < view.length; i++) {
    hash ^= view[i];
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
