// The IndexedDB behind autosave: project list, each project's document (classes, settings) and
// runs, image metadata, originals and thumbnails (three stores, so opening a project reads only
// the small metadata), and embeddings per trunk. Originals live only here, never in JS memory; the
// page reads one when the worker needs its bytes, and a thumbnail when it comes into view. Every write that must land
// together is one transaction, so a failure (storage full) leaves what was saved before intact.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TrainingSettings } from '../protocol';
import { packEmbeddings, unpackEmbeddings, type EmbeddingSet } from './embedding-set';
import type { RunRecord, StoredClass } from './project-schema';
import { guardStorage } from './storage-errors';

export const PROJECT_DB_NAME = 'transfer-lab';
const PROJECT_DB_VERSION = 1;
export const DOCUMENT_SCHEMA_VERSION = 1;

export interface ProjectSummary {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  classCount: number;
  imageCount: number;
}

export interface ProjectDocument {
  id: string;
  schemaVersion: number;
  classes: StoredClass[];
  settings: TrainingSettings;
}

export interface StoredImage {
  id: string;
  projectId: string;
  name: string;
  type: string;
  sha256: string;
  width: number;
  height: number;
  byteSize: number;
}

interface StoredEmbedding {
  key: string;
  projectId: string;
  trunkId: string;
  imageId: string;
  vector: Float32Array;
}

interface ProjectDbSchema extends DBSchema {
  projects: { key: string; value: ProjectSummary };
  documents: { key: string; value: ProjectDocument };
  runs: { key: string; value: { projectId: string; runs: RunRecord[] } };
  images: { key: string; value: StoredImage; indexes: { byProject: string } };
  originals: { key: string; value: Blob };
  thumbnails: { key: string; value: Blob };
  embeddings: { key: string; value: StoredEmbedding; indexes: { byProject: string; byImage: string } };
  meta: { key: string; value: string };
}

let opening: Promise<IDBPDatabase<ProjectDbSchema>> | null = null;

function db(): Promise<IDBPDatabase<ProjectDbSchema>> {
  opening ??= openDB<ProjectDbSchema>(PROJECT_DB_NAME, PROJECT_DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('projects', { keyPath: 'id' });
      database.createObjectStore('documents', { keyPath: 'id' });
      database.createObjectStore('runs', { keyPath: 'projectId' });
      database.createObjectStore('images', { keyPath: 'id' }).createIndex('byProject', 'projectId');
      database.createObjectStore('originals');
      database.createObjectStore('thumbnails');
      const embeddings = database.createObjectStore('embeddings', { keyPath: 'key' });
      embeddings.createIndex('byProject', 'projectId');
      embeddings.createIndex('byImage', 'imageId');
      database.createObjectStore('meta');
    },
  });
  return opening;
}

const embeddingKey = (trunkId: string, imageId: string) => `${trunkId}\n${imageId}`;

// --- projects ------------------------------------------------------------------------------

export async function listProjects(): Promise<ProjectSummary[]> {
  const all = await (await db()).getAll('projects');
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function saveProjectDocument(summary: ProjectSummary, document: ProjectDocument): Promise<void> {
  await guardStorage('the latest changes to the classes were not saved', async () => {
    const tx = (await db()).transaction(['projects', 'documents'], 'readwrite');
    await Promise.all([tx.objectStore('projects').put(summary), tx.objectStore('documents').put(document), tx.done]);
  });
}

export async function renameProject(id: string, name: string): Promise<ProjectSummary | null> {
  const database = await db();
  const summary = await database.get('projects', id);
  if (!summary) return null;
  const renamed = { ...summary, name, updatedAt: Date.now() };
  await guardStorage('the new name was not saved', () => database.put('projects', renamed));
  return renamed;
}

export async function saveRuns(projectId: string, runs: RunRecord[]): Promise<void> {
  await guardStorage('the latest training curves were not saved', async () => {
    await (await db()).put('runs', { projectId, runs });
  });
}

export interface LoadedProject {
  summary: ProjectSummary;
  document: ProjectDocument | undefined;
  runs: unknown;
  images: StoredImage[];
}

export async function loadProjectRecords(id: string): Promise<LoadedProject | null> {
  const database = await db();
  const tx = database.transaction(['projects', 'documents', 'runs', 'images'], 'readonly');
  const [summary, document, runs, images] = await Promise.all([
    tx.objectStore('projects').get(id),
    tx.objectStore('documents').get(id),
    tx.objectStore('runs').get(id),
    tx.objectStore('images').index('byProject').getAll(id),
  ]);
  if (!summary) return null;
  return { summary, document, runs: runs?.runs, images };
}

/** Removes a project and everything stored for it. */
export async function deleteProjectRecords(id: string): Promise<void> {
  const database = await db();
  const imageIds = await database.getAllKeysFromIndex('images', 'byProject', id);
  await deleteImageRecords(imageIds);
  const tx = database.transaction(['projects', 'documents', 'runs'], 'readwrite');
  await Promise.all([tx.objectStore('projects').delete(id), tx.objectStore('documents').delete(id), tx.objectStore('runs').delete(id), tx.done]);
}

// --- images --------------------------------------------------------------------------------

export interface NewImageRecord {
  image: StoredImage;
  original: Blob;
  thumbnail: Blob;
}

/** Stores images (metadata, thumbnail and original) in one transaction: all of them or none. */
export async function putImageRecords(records: NewImageRecord[]): Promise<void> {
  if (records.length === 0) return;
  await guardStorage(`${records.length === 1 ? 'an image was' : `${records.length} images were`} not added`, async () => {
    const tx = (await db()).transaction(['images', 'originals', 'thumbnails'], 'readwrite');
    const images = tx.objectStore('images');
    const originals = tx.objectStore('originals');
    const thumbnails = tx.objectStore('thumbnails');
    await Promise.all([
      ...records.flatMap(({ image, original, thumbnail }) => [images.put(image), originals.put(original, image.id), thumbnails.put(thumbnail, image.id)]),
      tx.done,
    ]);
  });
}

export async function readOriginal(id: string): Promise<Blob | undefined> {
  return (await db()).get('originals', id);
}

/**
 * The originals of `ids`, in order (undefined where one is missing), in one transaction: opening
 * a transaction per image cost more than reading it, and 256 of them held the page for 40 ms.
 */
export async function readOriginals(ids: string[]): Promise<(Blob | undefined)[]> {
  const tx = (await db()).transaction('originals', 'readonly');
  const store = tx.objectStore('originals');
  const [found] = await Promise.all([Promise.all(ids.map((id) => store.get(id))), tx.done]);
  return found;
}

export async function readThumbnail(id: string): Promise<Blob | undefined> {
  return (await db()).get('thumbnails', id);
}

/** Deletes images with their originals and embeddings; unknown ids are ignored. */
export async function deleteImageRecords(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const database = await db();
  const tx = database.transaction(['images', 'originals', 'thumbnails', 'embeddings'], 'readwrite');
  const embeddings = tx.objectStore('embeddings');
  const work: Promise<unknown>[] = [];
  for (const id of ids) {
    work.push(tx.objectStore('images').delete(id), tx.objectStore('originals').delete(id), tx.objectStore('thumbnails').delete(id));
    work.push(embeddings.index('byImage').getAllKeys(id).then((keys) => Promise.all(keys.map((key) => embeddings.delete(key)))));
  }
  await Promise.all([...work, tx.done]);
}

// --- embeddings ----------------------------------------------------------------------------

/** Embedding records written per task by putEmbeddingSets. */
const PUTS_PER_TASK = 64;

export async function putEmbeddingSets(projectId: string, sets: EmbeddingSet[]): Promise<void> {
  const entries = sets.flatMap(unpackEmbeddings);
  if (entries.length === 0) return;
  await guardStorage('computed image features were not cached (they will be computed again when needed)', async () => {
    const tx = (await db()).transaction('embeddings', 'readwrite');
    const store = tx.objectStore('embeddings');
    const done = tx.done;
    done.catch(() => undefined); // awaited below, unless a put fails first (then its error is the one to report)
    // A few hundred puts made in one task held the page for 30-50 ms (each clones its vector).
    // Awaiting the transaction's own requests keeps it open, so the batches still land together.
    for (let start = 0; start < entries.length; start += PUTS_PER_TASK) {
      await Promise.all(entries.slice(start, start + PUTS_PER_TASK).map((e) => store.put({ key: embeddingKey(e.trunkId, e.imageId), projectId, ...e })));
    }
    await done;
  });
}

export async function readEmbeddingSets(projectId: string): Promise<EmbeddingSet[]> {
  const records = await (await db()).getAllFromIndex('embeddings', 'byProject', projectId);
  return packEmbeddings(records);
}

// --- small settings ------------------------------------------------------------------------

export async function readMeta(key: string): Promise<string | undefined> {
  return (await db()).get('meta', key);
}

export async function writeMeta(key: string, value: string): Promise<void> {
  await guardStorage('a setting was not saved', async () => {
    await (await db()).put('meta', value, key);
  });
}
