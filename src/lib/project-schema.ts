// The persisted shape of a project, shared by the IndexedDB autosave and the project file:
// plain data only, each part with a reader that validates untrusted input.
import type { EpochLog } from '../protocol';
import type { NumericTrainingSetting, TrainingSettings } from '../protocol';
import {
  readArray,
  readBoolean,
  readNullableNumber,
  readNumber,
  readOneOf,
  readRecord,
  readString,
  SchemaError,
  type JsonRecord,
} from './guards';
import type { TrainSummary } from '../protocol';

export interface StoredClass {
  id: string;
  label: string;
  imageIds: string[];
}

export type RunStatus = 'running' | 'done' | 'stopped' | 'error' | 'interrupted';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'done', 'stopped', 'error', 'interrupted'];

/** A finished run's summary as saved: the curve itself is kept beside it in `epochs`. */
export type RunOutcome = Omit<TrainSummary, 'runId' | 'epochs'>;

/** One training run and its curves, as saved: a run still going when saved reads back as interrupted. */
export interface RunRecord {
  runId: string;
  status: RunStatus;
  startedAt: string;
  labels: string[];
  settings: TrainingSettings;
  totalEpochs: number;
  epochs: EpochLog[];
  outcome: RunOutcome | null;
  message: string | null;
}

/** Ranges the training settings may take; the same as the settings form offers. */
export const SETTING_RANGES: Record<NumericTrainingSetting, { min: number; max: number; integer: boolean }> = {
  epochs: { min: 1, max: 500, integer: true },
  batchSize: { min: 1, max: 512, integer: true },
  learningRate: { min: 0.00001, max: 1, integer: false },
  hiddenUnits: { min: 1, max: 1024, integer: true },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
  valFraction: { min: 0, max: 0.5, integer: false },
  testFraction: { min: 0, max: 0.5, integer: false },
};

export function readTrainingSettings(value: unknown, path: string): TrainingSettings {
  const record = readRecord(value, path);
  const read = (key: NumericTrainingSetting) => readNumber(record[key], `${path}.${key}`, SETTING_RANGES[key]);
  // Projects saved before the switches existed open with today's defaults (DEFAULT_TRAINING_SETTINGS).
  const readSwitch = (key: 'mirrorViews' | 'finalFit', fallback: boolean) =>
    record[key] === undefined ? fallback : readBoolean(record[key], `${path}.${key}`);
  return {
    epochs: read('epochs'),
    batchSize: read('batchSize'),
    learningRate: read('learningRate'),
    hiddenUnits: read('hiddenUnits'),
    seed: read('seed'),
    valFraction: read('valFraction'),
    testFraction: read('testFraction'),
    mirrorViews: readSwitch('mirrorViews', false),
    finalFit: readSwitch('finalFit', true),
  };
}

export function readEpochLog(value: unknown, path: string): EpochLog {
  const record = readRecord(value, path);
  return {
    epoch: readNumber(record.epoch, `${path}.epoch`, { min: 1, integer: true }),
    loss: readNumber(record.loss, `${path}.loss`),
    accuracy: readNumber(record.accuracy, `${path}.accuracy`, { min: 0, max: 1 }),
    valLoss: readNullableNumber(record.valLoss, `${path}.valLoss`),
    valAccuracy: readNullableNumber(record.valAccuracy, `${path}.valAccuracy`),
    elapsedMs: readNumber(record.elapsedMs, `${path}.elapsedMs`, { min: 0 }),
  };
}

function readOutcome(value: unknown, path: string): RunOutcome | null {
  if (value === null) return null;
  const record = readRecord(value, path);
  return {
    stoppedEarly: readBoolean(record.stoppedEarly, `${path}.stoppedEarly`),
    trainCount: readNumber(record.trainCount, `${path}.trainCount`, { min: 0, integer: true }),
    valCount: readNumber(record.valCount, `${path}.valCount`, { min: 0, integer: true }),
    testCount: readNumber(record.testCount, `${path}.testCount`, { min: 0, integer: true }),
    trainMs: readNumber(record.trainMs, `${path}.trainMs`, { min: 0 }),
    msPerEpoch: readNumber(record.msPerEpoch, `${path}.msPerEpoch`, { min: 0 }),
    ...(record.mirrorViews === undefined ? {} : { mirrorViews: readBoolean(record.mirrorViews, `${path}.mirrorViews`) }),
    ...(record.finalFit === undefined || record.finalFit === null ? {} : { finalFit: readFinalFit(record.finalFit, `${path}.finalFit`) }),
  };
}

function readFinalFit(value: unknown, path: string): NonNullable<RunOutcome['finalFit']> {
  const record = readRecord(value, path);
  return {
    examples: readNumber(record.examples, `${path}.examples`, { min: 0, integer: true }),
    epochs: readNumber(record.epochs, `${path}.epochs`, { min: 0, integer: true }),
    ms: readNumber(record.ms, `${path}.ms`, { min: 0 }),
  };
}

export function readRunRecord(value: unknown, path: string): RunRecord {
  const record = readRecord(value, path);
  const epochs = readArray(record.epochs, `${path}.epochs`).map((e, i) => readEpochLog(e, `${path}.epochs[${i}]`));
  return {
    runId: readString(record.runId, `${path}.runId`, { nonEmpty: true, maxLength: 200 }),
    status: readOneOf(record.status, `${path}.status`, RUN_STATUSES),
    startedAt: readString(record.startedAt, `${path}.startedAt`, { maxLength: 100 }),
    labels: readArray(record.labels, `${path}.labels`).map((l, i) => readString(l, `${path}.labels[${i}]`, { maxLength: 1000 })),
    settings: readTrainingSettings(record.settings, `${path}.settings`),
    totalEpochs: readNumber(record.totalEpochs, `${path}.totalEpochs`, { min: 0, integer: true }),
    epochs,
    outcome: readOutcome(record.outcome, `${path}.outcome`),
    message: record.message === null ? null : readString(record.message, `${path}.message`),
  };
}

/** A run that was still going when it was saved did not finish: the page closed under it. */
export function settleRun(run: RunRecord): RunRecord {
  if (run.status !== 'running') return run;
  return {
    ...run,
    status: 'interrupted',
    message: `Interrupted after ${run.epochs.length} of ${run.totalEpochs} epochs: the page was closed or reloaded during training.`,
  };
}

export const MAX_CLASS_LABEL_LENGTH = 200;

export function readStoredClasses(value: unknown, path: string): StoredClass[] {
  const classes = readArray(value, path).map((c, i) => {
    const record = readRecord(c, `${path}[${i}]`);
    return {
      id: readString(record.id, `${path}[${i}].id`, { nonEmpty: true, maxLength: 200 }),
      label: readString(record.label, `${path}[${i}].label`, { nonEmpty: true, maxLength: MAX_CLASS_LABEL_LENGTH }),
      imageIds: readArray(record.imageIds, `${path}[${i}].imageIds`).map((id, k) =>
        readString(id, `${path}[${i}].imageIds[${k}]`, { nonEmpty: true, maxLength: 200 }),
      ),
    };
  });
  assertDistinctLabels(
    classes.map((c) => c.label),
    path,
  );
  return classes;
}

export function assertDistinctLabels(labels: string[], path: string): void {
  const seen = new Set<string>();
  for (const label of labels) {
    const key = label.trim();
    if (seen.has(key)) throw new SchemaError(`${path} has two classes called "${key}"`);
    seen.add(key);
  }
}

// --- the stored project document (IndexedDB) ---------------------------------------------------

/**
 * Version of the document autosave writes. 1: { id, schemaVersion, classes, settings } (the first
 * release). 2: adds `deletedImageIds`, the photos the user deleted whose undo had not lapsed yet,
 * the only stored photos a reload may remove.
 */
export const DOCUMENT_SCHEMA_VERSION = 2;

export interface ProjectDocument {
  id: string;
  schemaVersion: number;
  classes: StoredClass[];
  settings: TrainingSettings;
  deletedImageIds: string[];
}

/** A stored document of a newer schema than this version reads: kept as it is, never overwritten. */
export class NewerDocumentError extends SchemaError {}

/** One step per schema version: step k turns a version k-1 document into a version k one. */
const DOCUMENT_STEPS: Record<number, (document: JsonRecord) => JsonRecord> = {
  2: (document) => ({ ...document, deletedImageIds: [] }),
};

/**
 * Brings a stored document, of any version up to DOCUMENT_SCHEMA_VERSION, to the current shape
 * step by step, without checking what it holds (the IndexedDB upgrade uses this on documents it
 * must not reject). A document without a version is a version 1 one.
 */
export function migrateDocument(value: unknown): JsonRecord {
  let document = readRecord(value, 'document');
  const version =
    document.schemaVersion === undefined ? 1 : readNumber(document.schemaVersion, 'document.schemaVersion', { min: 1, integer: true });
  if (version > DOCUMENT_SCHEMA_VERSION) {
    throw new NewerDocumentError(
      `it was saved by a newer Transfer Lab (schema ${version}; this version reads up to ${DOCUMENT_SCHEMA_VERSION})`,
    );
  }
  for (let next = version + 1; next <= DOCUMENT_SCHEMA_VERSION; next++)
    document = { ...DOCUMENT_STEPS[next](document), schemaVersion: next };
  return document;
}

/** Migrates and validates a stored document; throws a SchemaError naming what is wrong. */
export function readProjectDocument(value: unknown): ProjectDocument {
  if (value === undefined) throw new SchemaError('the project has no saved classes');
  const document = migrateDocument(value);
  return {
    id: readString(document.id, 'document.id', { nonEmpty: true, maxLength: 200 }),
    schemaVersion: DOCUMENT_SCHEMA_VERSION,
    classes: readStoredClasses(document.classes, 'classes'),
    settings: readTrainingSettings(document.settings, 'settings'),
    deletedImageIds: readArray(document.deletedImageIds, 'deletedImageIds').map((id, i) =>
      readString(id, `deletedImageIds[${i}]`, { nonEmpty: true, maxLength: 200 }),
    ),
  };
}
