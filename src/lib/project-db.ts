// The IndexedDB behind autosave: project list, each project's document (classes, settings) and
// runs, image metadata, originals and thumbnails (three stores, so opening a project reads only
// the small metadata), and embeddings per trunk. Originals live only here, never in JS memory; the
// page reads one when the worker needs its bytes, and a thumbnail when it comes into view. Every write that must land
// together is one transaction, so a failure (storage full) leaves what was saved before intact.
//
// Versions: the database upgrades step by step from whatever version a browser holds (UPGRADE_STEPS);
// documents carry their own schema version (project-schema.ts, migrateDocument). A project open
// read-only in this tab (another tab edits it) refuses every write here (ReadOnlyProjectError).
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { packEmbeddings, unpackEmbeddings, type EmbeddingSet } from './embedding-set';
import { migrateDocument, type ProjectDocument, type RunRecord } from './project-schema';
import { guardStorage } from './storage-errors';
import type { SourceTrunkRecord } from '../protocol';

export { DOCUMENT_SCHEMA_VERSION, type ProjectDocument } from './project-schema';

export const PROJECT_DB_NAME = 'transfer-lab';
/** 1: the first release's stores. 2: documents at schema 2, and `keptDocuments`. 3: `sourceTrunks` (your own source models). */
export const PROJECT_DB_VERSION = 3;

export interface ProjectSummary {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  classCount: number;
  imageCount: number;
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

/** A stored document this version could not read, kept exactly as it was found. */
export interface KeptDocument {
  projectId: string;
  keptAt: number;
  reason: string;
  document: unknown;
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
  keptDocuments: { key: string; value: KeptDocument };
  /** Your own source models kept as trunks: shared by every project (trained on one, reused on others). */
  sourceTrunks: { key: string; value: SourceTrunkRecord };
}

type UpgradeTransaction = IDBPTransaction<ProjectDbSchema, StoreNames<ProjectDbSchema>[], 'versionchange'>;

/** Step k takes a database at version k-1 to version k, inside the one upgrade transaction. */
const UPGRADE_STEPS: Record<number, (database: IDBPDatabase<ProjectDbSchema>, tx: UpgradeTransaction) => Promise<void> | void> = {
  1: (database) => {
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
  2: async (database, tx) => {
    database.createObjectStore('keptDocuments', { keyPath: 'projectId' });
    // Documents move to schema 2 in place. One that cannot be migrated stays exactly as it is:
    // opening its project later keeps a copy and says so (project-persistence.ts).
    let cursor = await tx.objectStore('documents').openCursor();
    while (cursor) {
      try {
        await cursor.update(migrateDocument(cursor.value) as unknown as ProjectDocument);
      } catch {
        // left untouched
      }
      cursor = await cursor.continue();
    }
  },
  // A new store only: nothing stored before is touched.
  3: (database) => {
    database.createObjectStore('sourceTrunks', { keyPath: 'id' });
  },
};

/** What the page hears about the database while other tabs hold it open at another version. */
export interface ProjectDbEvents {
  /** Another tab still has the old version open: the upgrade waits for it to close. */
  blocked(): void;
  /** A newer version is waiting for this tab to let go: this tab's connection is now closed. */
  versionChanged(): void;
  /** The browser closed the connection (storage cleared, disk error). */
  terminated(): void;
}

let events: ProjectDbEvents | null = null;

export function listenToProjectDb(handlers: ProjectDbEvents): void {
  events = handlers;
}

let opening: Promise<IDBPDatabase<ProjectDbSchema>> | null = null;
/** Set once a newer version took the database over: this tab writes nothing more. */
let closedForUpgrade = false;

function db(): Promise<IDBPDatabase<ProjectDbSchema>> {
  opening ??= openDB<ProjectDbSchema>(PROJECT_DB_NAME, PROJECT_DB_VERSION, {
    async upgrade(database, oldVersion, newVersion, tx) {
      for (let version = oldVersion + 1; version <= (newVersion ?? PROJECT_DB_VERSION); version++)
        await UPGRADE_STEPS[version](database, tx);
    },
    blocked() {
      events?.blocked();
    },
    blocking() {
      // Closing at once lets the newer version open; this tab must reload to go on saving.
      void opening?.then((database) => database.close());
      opening = null;
      closedForUpgrade = true;
      events?.versionChanged();
    },
    terminated() {
      opening = null;
      events?.terminated();
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

/** Closes this tab's connection; the next call opens the database afresh (tests use this). */
export async function closeProjectDb(): Promise<void> {
  const current = opening;
  opening = null;
  closedForUpgrade = false;
  if (current) (await current.catch(() => null))?.close();
}

// --- which project this tab may write ---------------------------------------------------------

export class ReadOnlyProjectError extends Error {
  constructor() {
    super('this project is open for editing in another tab; this tab only shows it');
    this.name = 'ReadOnlyProjectError';
  }
}

/** Projects this tab only shows: every write to them is refused. */
const readOnlyProjects = new Set<string>();

export function setProjectReadOnly(projectId: string, readOnly: boolean): void {
  if (readOnly) readOnlyProjects.add(projectId);
  else readOnlyProjects.delete(projectId);
}

function assertWritable(projectId: string): void {
  if (closedForUpgrade) throw new Error('Transfer Lab was updated in another tab: reload this tab to go on saving');
  if (readOnlyProjects.has(projectId)) throw new ReadOnlyProjectError();
}

function abortQuietly(tx: { abort(): void; done: Promise<void> }): void {
  tx.done.catch(() => undefined);
  try {
    tx.abort();
  } catch {
    // already finished
  }
}

const embeddingKey = (trunkId: string, imageId: string) => `${trunkId}\n${imageId}`;

// --- projects ------------------------------------------------------------------------------

export async function listProjects(): Promise<ProjectSummary[]> {
  const all = await (await db()).getAll('projects');
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function saveProjectDocument(summary: ProjectSummary, document: ProjectDocument): Promise<void> {
  assertWritable(summary.id);
  await guardStorage('the latest changes to the classes were not saved', async () => {
    const tx = (await db()).transaction(['projects', 'documents'], 'readwrite');
    const writes: Promise<unknown>[] = [];
    try {
      writes.push(tx.objectStore('projects').put(summary));
      writes.push(tx.objectStore('documents').put(document));
      await Promise.all([...writes, tx.done]);
    } catch (error) {
      // A put that throws (a value storage cannot hold) must not leave the summary saved alone.
      // The puts already made reject with the abort: expected, so handled here (a put that throws
      // synchronously leaves the one before it outside any Promise.all).
      for (const write of writes) write.catch(() => undefined);
      abortQuietly(tx);
      throw error;
    }
  });
}

export async function renameProject(id: string, name: string): Promise<ProjectSummary | null> {
  assertWritable(id);
  const database = await db();
  const summary = await database.get('projects', id);
  if (!summary) return null;
  const renamed = { ...summary, name, updatedAt: Date.now() };
  await guardStorage('the new name was not saved', () => database.put('projects', renamed));
  return renamed;
}

export async function saveRuns(projectId: string, runs: RunRecord[]): Promise<void> {
  assertWritable(projectId);
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
  assertWritable(id);
  const database = await db();
  const imageIds = await database.getAllKeysFromIndex('images', 'byProject', id);
  await deleteImageRecords(imageIds);
  const tx = database.transaction(['projects', 'documents', 'runs', 'keptDocuments'], 'readwrite');
  await Promise.all([
    tx.objectStore('projects').delete(id),
    tx.objectStore('documents').delete(id),
    tx.objectStore('runs').delete(id),
    tx.objectStore('keptDocuments').delete(id),
    tx.done,
  ]);
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
  for (const { image } of records) assertWritable(image.projectId);
  await guardStorage(`${records.length === 1 ? 'an image was' : `${records.length} images were`} not added`, async () => {
    const tx = (await db()).transaction(['images', 'originals', 'thumbnails'], 'readwrite');
    const images = tx.objectStore('images');
    const originals = tx.objectStore('originals');
    const thumbnails = tx.objectStore('thumbnails');
    await Promise.all([
      ...records.flatMap(({ image, original, thumbnail }) => [
        images.put(image),
        originals.put(original, image.id),
        thumbnails.put(thumbnail, image.id),
      ]),
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

const deletesInFlight = new Set<Promise<void>>();

/** Resolves once every image delete started so far has landed or failed (before handing a project over). */
export async function whenImageDeletesSettled(): Promise<void> {
  await Promise.allSettled([...deletesInFlight]);
}

/** Deletes images with their originals and embeddings; unknown ids are ignored. */
export function deleteImageRecords(ids: string[]): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  const work = deleteImages(ids).finally(() => deletesInFlight.delete(work));
  deletesInFlight.add(work);
  return work;
}

async function deleteImages(ids: string[]): Promise<void> {
  const database = await db();
  const tx = database.transaction(['images', 'originals', 'thumbnails', 'embeddings'], 'readwrite');
  const embeddings = tx.objectStore('embeddings');
  const work: Promise<unknown>[] = [];
  const images = tx.objectStore('images');
  // Images of a project this tab only shows are refused before anything is deleted (the
  // transaction aborts, so none of the deletes below land).
  const owners = await Promise.all(ids.map((id) => images.get(id)));
  try {
    for (const image of owners) if (image) assertWritable(image.projectId);
  } catch (error) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw error;
  }
  for (const id of ids) {
    work.push(images.delete(id), tx.objectStore('originals').delete(id), tx.objectStore('thumbnails').delete(id));
    work.push(
      embeddings
        .index('byImage')
        .getAllKeys(id)
        .then((keys) => Promise.all(keys.map((key) => embeddings.delete(key)))),
    );
  }
  await Promise.all([...work, tx.done]);
}

// --- embeddings ----------------------------------------------------------------------------

/** Embedding records written per task by putEmbeddingSets. */
const PUTS_PER_TASK = 64;

export async function putEmbeddingSets(projectId: string, sets: EmbeddingSet[]): Promise<void> {
  const entries = sets.flatMap(unpackEmbeddings);
  if (entries.length === 0) return;
  assertWritable(projectId);
  await guardStorage('computed image features were not cached (they will be computed again when needed)', async () => {
    const tx = (await db()).transaction('embeddings', 'readwrite');
    const store = tx.objectStore('embeddings');
    const done = tx.done;
    done.catch(() => undefined); // awaited below, unless a put fails first (then its error is the one to report)
    // A few hundred puts made in one task held the page for 30-50 ms (each clones its vector).
    // Awaiting the transaction's own requests keeps it open, so the batches still land together.
    for (let start = 0; start < entries.length; start += PUTS_PER_TASK) {
      await Promise.all(
        entries.slice(start, start + PUTS_PER_TASK).map((e) => store.put({ key: embeddingKey(e.trunkId, e.imageId), projectId, ...e })),
      );
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

// --- documents this version could not read ----------------------------------------------------

/** Keeps `document` as it was found (the first copy kept stays: a later one may already be a repair). */
export async function keepUnreadableDocument(projectId: string, document: unknown, reason: string): Promise<void> {
  assertWritable(projectId);
  await guardStorage('a copy of the unreadable class list was not kept', async () => {
    const tx = (await db()).transaction('keptDocuments', 'readwrite');
    const store = tx.objectStore('keptDocuments');
    if (!(await store.get(projectId))) await store.put({ projectId, keptAt: Date.now(), reason, document });
    await tx.done;
  });
}

export async function readKeptDocument(projectId: string): Promise<KeptDocument | undefined> {
  return (await db()).get('keptDocuments', projectId);
}

// --- your own source models -------------------------------------------------------------------

/** Every kept source model, as stored (the caller checks each: storage may hold another version's). */
export async function readSourceTrunks(): Promise<unknown[]> {
  return (await db()).getAll('sourceTrunks');
}

export async function readSourceTrunk(id: string): Promise<unknown> {
  return (await db()).get('sourceTrunks', id);
}

export async function putSourceTrunk(record: SourceTrunkRecord): Promise<void> {
  if (closedForUpgrade) throw new Error('Transfer Lab was updated in another tab: reload this tab to go on saving');
  await guardStorage('your source model was not kept', async () => {
    await (await db()).put('sourceTrunks', record);
  });
}

export async function deleteSourceTrunk(id: string): Promise<void> {
  if (closedForUpgrade) throw new Error('Transfer Lab was updated in another tab: reload this tab to go on saving');
  await guardStorage('your source model was not deleted', async () => {
    await (await db()).delete('sourceTrunks', id);
  });
}
