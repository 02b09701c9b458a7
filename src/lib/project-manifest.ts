// manifest.json of a project file: what it holds, and a reader that accepts only a well-formed
// Transfer Lab project of a schema this version understands.
import type { TrainingSettings } from '../protocol';
import { isRecord, readArray, readNumber, readRecord, readString, SchemaError } from './guards';
import { IMAGE_FORMAT_MIME } from './image-sniff';
import { assertDistinctLabels, MAX_CLASS_LABEL_LENGTH, readRunRecord, readTrainingSettings, type RunRecord } from './project-schema';

export const PROJECT_FILE_FORMAT = 'transfer-lab-project';
export const PROJECT_SCHEMA_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';

export interface ManifestImage {
  /** Stable within the file; embeddings refer to images by it. */
  id: string;
  /** Path of the image's original bytes inside the zip. */
  file: string;
  /** The name the image had when it was added. */
  name: string;
  type: string;
  sha256: string;
  width: number;
  height: number;
}

export interface ManifestClass {
  label: string;
  images: ManifestImage[];
}

export interface ManifestEmbeddings {
  trunkId: string;
  dimension: number;
  /** Path of imageIds.length x dimension little-endian float32 values inside the zip. */
  file: string;
  imageIds: string[];
}

export interface ProjectManifest {
  format: typeof PROJECT_FILE_FORMAT;
  schemaVersion: number;
  savedAt: string;
  app: { name: string; version: string };
  project: { name: string };
  classes: ManifestClass[];
  settings: TrainingSettings;
  runs: RunRecord[];
  embeddings: ManifestEmbeddings[];
}

const ACCEPTED_TYPES = new Set(Object.values(IMAGE_FORMAT_MIME));
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_PIXELS_SIDE = 100_000;

function readImage(value: unknown, path: string): ManifestImage {
  const record = readRecord(value, path);
  const type = readString(record.type, `${path}.type`);
  if (!ACCEPTED_TYPES.has(type)) throw new SchemaError(`${path}.type "${type}" is not an image type the app accepts`);
  const sha256 = readString(record.sha256, `${path}.sha256`);
  if (!SHA256_HEX.test(sha256)) throw new SchemaError(`${path}.sha256 must be 64 lowercase hex digits`);
  return {
    id: readString(record.id, `${path}.id`, { nonEmpty: true, maxLength: 200 }),
    file: readString(record.file, `${path}.file`, { nonEmpty: true, maxLength: 1000 }),
    name: readString(record.name, `${path}.name`, { maxLength: 1000 }),
    type,
    sha256,
    width: readNumber(record.width, `${path}.width`, { min: 1, max: MAX_PIXELS_SIDE, integer: true }),
    height: readNumber(record.height, `${path}.height`, { min: 1, max: MAX_PIXELS_SIDE, integer: true }),
  };
}

function readEmbeddings(value: unknown, path: string): ManifestEmbeddings {
  const record = readRecord(value, path);
  return {
    trunkId: readString(record.trunkId, `${path}.trunkId`, { nonEmpty: true, maxLength: 1000 }),
    dimension: readNumber(record.dimension, `${path}.dimension`, { min: 1, max: 65_536, integer: true }),
    file: readString(record.file, `${path}.file`, { nonEmpty: true, maxLength: 1000 }),
    imageIds: readArray(record.imageIds, `${path}.imageIds`).map((id, i) =>
      readString(id, `${path}.imageIds[${i}]`, { nonEmpty: true, maxLength: 200 }),
    ),
  };
}

/** Validates parsed manifest.json; throws SchemaError saying what is wrong and where. */
export function readProjectManifest(json: unknown): ProjectManifest {
  if (!isRecord(json) || json.format !== PROJECT_FILE_FORMAT) {
    throw new SchemaError(`its manifest.json does not say "format": "${PROJECT_FILE_FORMAT}", so it is not a Transfer Lab project`);
  }
  const schemaVersion = readNumber(json.schemaVersion, 'schemaVersion', { min: 1, integer: true });
  if (schemaVersion > PROJECT_SCHEMA_VERSION) {
    throw new SchemaError(
      `it was saved by a newer Transfer Lab (project schema ${schemaVersion}; this version reads schema ${PROJECT_SCHEMA_VERSION})`,
    );
  }
  const app = readRecord(json.app, 'app');
  const project = readRecord(json.project, 'project');
  const classes = readArray(json.classes, 'classes').map((c, i) => {
    const record = readRecord(c, `classes[${i}]`);
    return {
      label: readString(record.label, `classes[${i}].label`, { nonEmpty: true, maxLength: MAX_CLASS_LABEL_LENGTH }),
      images: readArray(record.images, `classes[${i}].images`).map((img, k) => readImage(img, `classes[${i}].images[${k}]`)),
    };
  });
  if (classes.length === 0) throw new SchemaError('classes must list at least one class');
  assertDistinctLabels(
    classes.map((c) => c.label),
    'classes',
  );
  const imageIds = new Set<string>();
  const files = new Set<string>();
  for (const image of classes.flatMap((c) => c.images)) {
    if (imageIds.has(image.id)) throw new SchemaError(`image id "${image.id}" appears twice`);
    if (files.has(image.file)) throw new SchemaError(`image file "${image.file}" is listed twice`);
    imageIds.add(image.id);
    files.add(image.file);
  }
  const embeddings =
    json.embeddings === undefined ? [] : readArray(json.embeddings, 'embeddings').map((e, i) => readEmbeddings(e, `embeddings[${i}]`));
  embeddings.forEach((set, i) => {
    const unknown = set.imageIds.find((id) => !imageIds.has(id));
    if (unknown) throw new SchemaError(`embeddings[${i}] refers to image "${unknown}", which the project does not have`);
  });
  return {
    format: PROJECT_FILE_FORMAT,
    schemaVersion,
    savedAt: readString(json.savedAt, 'savedAt', { maxLength: 100 }),
    app: {
      name: readString(app.name, 'app.name', { maxLength: 200 }),
      version: readString(app.version, 'app.version', { maxLength: 100 }),
    },
    project: { name: readString(project.name, 'project.name', { nonEmpty: true, maxLength: 200 }) },
    classes,
    settings: readTrainingSettings(json.settings, 'settings'),
    runs: readArray(json.runs, 'runs').map((r, i) => readRunRecord(r, `runs[${i}]`)),
    embeddings,
  };
}
