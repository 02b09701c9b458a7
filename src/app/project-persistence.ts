// Autosave and the project list. Every change to the classes, the training settings or a run's
// curves is written to IndexedDB shortly after it happens (images themselves are written as they
// are added, before they appear); embeddings are saved as the worker computes them. Opening a
// project reads it all back, so a reload restores the project exactly, also mid-training.
import { errorMessage } from '../lib/error-message';
import { clearRegistry, getImage, registerImages } from '../lib/image-registry';
import {
  deleteImageRecords,
  deleteProjectRecords,
  listProjects,
  loadProjectRecords,
  putEmbeddingSets,
  readEmbeddingSets,
  readMeta,
  renameProject as renameProjectRecord,
  saveProjectDocument,
  saveRuns,
  writeMeta,
  DOCUMENT_SCHEMA_VERSION,
  type LoadedProject,
  type ProjectDocument,
  type ProjectSummary,
} from '../lib/project-db';
import { readArray } from '../lib/guards';
import { readRunRecord, readStoredClasses, readTrainingSettings, settleRun, type RunRecord, type StoredClass } from '../lib/project-schema';
import { isQuotaError, StorageFullError } from '../lib/storage-errors';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { defaultClasses, useProjectStore, type ImageClass } from '../state/project-store';
import { DEFAULT_TRAINING_SETTINGS, selectIsBusy, useTrainingStore, type TrainingSettings } from '../state/training-store';
import { useWorkspaceStore, type ProjectListItem } from '../state/workspace-store';
import { mlClient, onWorkerEvent } from '../worker/client';
import { nextRuns, restoredRunOf } from './run-history';
import { commitPendingUndo } from './undo-actions';

const SAVE_DELAY_MS = 200;
const EMBEDDING_SAVE_DELAY_MS = 500;
const CURRENT_PROJECT_KEY = 'currentProjectId';

interface OpenProject {
  summary: ProjectSummary;
}

let open: OpenProject | null = null;
/** True while a project is being swapped in: store changes then are loading, not editing. */
let suspended = true;
let dirty = { document: false, runs: false };
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let saving: Promise<void> | null = null;
let embeddingTimer: ReturnType<typeof setTimeout> | null = null;
let embeddingSaving: Promise<void> = Promise.resolve();
/** Whether the worker may hold embeddings not yet stored (it reported embedding since the last save). */
let embeddingsPending = false;
let storageFullAnnounced = false;
let started = false;

// --- saving --------------------------------------------------------------------------------

function currentDocument(id: string): ProjectDocument {
  const classes: StoredClass[] = useProjectStore.getState().classes.map((c) => ({ id: c.id, label: c.label, imageIds: [...c.imageIds] }));
  return { id, schemaVersion: DOCUMENT_SCHEMA_VERSION, classes, settings: { ...useTrainingStore.getState().settings } };
}

function listItem(summary: ProjectSummary): ProjectListItem {
  const { id, name, imageCount, classCount, updatedAt } = summary;
  return { id, name, imageCount, classCount, updatedAt };
}

function publishSummary(summary: ProjectSummary): void {
  const workspace = useWorkspaceStore.getState();
  workspace.setProjects(workspace.projects.map((p) => (p.id === summary.id ? listItem(summary) : p)));
}

function markDirty(part: keyof typeof dirty): void {
  if (suspended || !open) return;
  dirty = { ...dirty, [part]: true };
  useWorkspaceStore.getState().setSave('saving');
  // At most SAVE_DELAY_MS after the first unsaved change, even while epochs keep arriving.
  saveTimer ??= setTimeout(() => void flushProject(), SAVE_DELAY_MS);
}

async function writeDirtyParts(): Promise<void> {
  if (!open) return;
  const { summary } = open;
  const parts = dirty;
  dirty = { document: false, runs: false };
  try {
    if (parts.document) {
      const document = currentDocument(summary.id);
      const next: ProjectSummary = {
        ...summary,
        updatedAt: Date.now(),
        classCount: document.classes.length,
        imageCount: document.classes.reduce((n, c) => n + c.imageIds.length, 0),
      };
      await saveProjectDocument(next, document);
      if (open?.summary.id === summary.id) open.summary = next;
      publishSummary(next);
    }
    if (parts.runs) await saveRuns(summary.id, useWorkspaceStore.getState().runs);
    if (!dirty.document && !dirty.runs) useWorkspaceStore.getState().setSave('saved');
    storageFullAnnounced = false;
  } catch (error) {
    // Still unsaved: the next change (or flush) tries again.
    dirty = { document: dirty.document || parts.document, runs: dirty.runs || parts.runs };
    reportSaveFailure(error);
  }
}

function reportSaveFailure(error: unknown): void {
  const message = error instanceof StorageFullError ? error.message : isQuotaError(error) ? new StorageFullError('the latest changes were not saved').message : `Saving failed: ${errorMessage(error)}`;
  useWorkspaceStore.getState().setSave('error', message);
  if (!storageFullAnnounced) {
    storageFullAnnounced = true;
    useNoticeStore.getState().push('error', message);
  }
}

/** Writes whatever is unsaved now; resolves when the project in storage matches the screen. */
export async function flushProject(): Promise<void> {
  if (saveTimer) {
    clearTimeout(saveTimer);
    saveTimer = null;
  }
  while (saving) await saving;
  if (!dirty.document && !dirty.runs) return;
  saving = writeDirtyParts().finally(() => {
    saving = null;
  });
  await saving;
}

// --- embeddings ----------------------------------------------------------------------------

function scheduleEmbeddingSave(): void {
  embeddingsPending = true;
  embeddingTimer ??= setTimeout(() => void flushEmbeddings(), EMBEDDING_SAVE_DELAY_MS);
}

/** Stores the embeddings the worker computed since the last call (for images still in the project). */
export function flushEmbeddings(): Promise<void> {
  if (embeddingTimer) {
    clearTimeout(embeddingTimer);
    embeddingTimer = null;
  }
  embeddingSaving = embeddingSaving.then(async () => {
    const projectId = open?.summary.id;
    if (!projectId || !embeddingsPending) return;
    embeddingsPending = false;
    try {
      const sets = await mlClient().takeUnsavedEmbeddings();
      const kept = sets
        .map((set) => {
          const rows = set.imageIds.map((id, i) => (getImage(id) ? i : -1)).filter((i) => i >= 0);
          if (rows.length === set.imageIds.length) return set;
          const vectors = new Float32Array(rows.length * set.dimension);
          rows.forEach((row, k) => vectors.set(set.vectors.subarray(row * set.dimension, (row + 1) * set.dimension), k * set.dimension));
          return { ...set, imageIds: rows.map((i) => set.imageIds[i]), vectors };
        })
        .filter((set) => set.imageIds.length > 0);
      await putEmbeddingSets(projectId, kept);
    } catch (error) {
      reportSaveFailure(error);
    }
  });
  return embeddingSaving;
}

// --- opening -------------------------------------------------------------------------------

function recoverDocument(loaded: LoadedProject): { classes: ImageClass[]; settings: TrainingSettings; problem: string | null } {
  try {
    if (!loaded.document) throw new Error('the project has no saved classes');
    const classes = readStoredClasses(loaded.document.classes, 'classes');
    const settings = readTrainingSettings(loaded.document.settings, 'settings');
    return { classes: classes.length > 0 ? classes : defaultClasses(), settings, problem: null };
  } catch (error) {
    // Never drop stored images because their document is unreadable: gather them in one class.
    const imageIds = loaded.images.map((i) => i.id);
    const classes = imageIds.length > 0 ? [{ id: newId('class'), label: 'Recovered images', imageIds }] : defaultClasses();
    return { classes, settings: DEFAULT_TRAINING_SETTINGS, problem: errorMessage(error) };
  }
}

/** The saved runs; a run saved while still going comes back as interrupted (`settled` says so). */
function readRuns(value: unknown): { runs: RunRecord[]; settled: boolean } {
  if (value === undefined) return { runs: [], settled: false };
  try {
    const raw = readArray(value, 'runs').map((r, i) => readRunRecord(r, `runs[${i}]`));
    return { runs: raw.map(settleRun), settled: raw.some((r) => r.status === 'running') };
  } catch {
    return { runs: [], settled: false };
  }
}

/** Forgets the open project on this page: registry, worker cache and head, stores. */
function closeCurrent(): void {
  const ids = useProjectStore.getState().classes.flatMap((c) => c.imageIds);
  if (ids.length > 0) void mlClient().forgetImages(ids);
  if (useTrainingStore.getState().modelReady) void mlClient().discardHead();
  clearRegistry();
  open = null;
}

async function activate(id: string): Promise<void> {
  const loaded = await loadProjectRecords(id);
  if (!loaded) throw new Error('This project no longer exists in storage.');
  const { classes: storedClasses, settings, problem } = recoverDocument(loaded);
  const metas = new Map(loaded.images.map((image) => [image.id, image]));
  const classes = storedClasses.map((c) => ({ ...c, imageIds: c.imageIds.filter((imageId) => metas.has(imageId)) }));
  const referenced = new Set(classes.flatMap((c) => c.imageIds));
  // Stored images no class refers to are deletions that were not undone before the page closed.
  const leftovers = loaded.images.filter((image) => !referenced.has(image.id)).map((image) => image.id);
  if (leftovers.length > 0) void deleteImageRecords(leftovers);

  closeCurrent();
  registerImages(loaded.images.filter((image) => referenced.has(image.id)));
  useProjectStore.getState().load(classes);
  const training = useTrainingStore.getState();
  training.updateSettings(settings);
  const { runs, settled } = readRuns(loaded.runs);
  training.restoreRun(runs.length > 0 ? restoredRunOf(runs[runs.length - 1]) : null);
  open = { summary: loaded.summary };
  const projects = (await listProjects()).map(listItem);
  useWorkspaceStore.getState().setReady(id, projects, runs);
  await writeMeta(CURRENT_PROJECT_KEY, id).catch(() => undefined);
  if (problem) useNoticeStore.getState().push('warning', `Part of this project could not be read back (${problem}); its images are kept in "Recovered images".`);
  suspended = false;
  // Runs read back as interrupted are saved that way.
  if (settled) markDirty('runs');
  // Embeddings fill the worker's cache in the background: training waits for them only if it must.
  void readEmbeddingSets(id)
    .then((sets) => (sets.length > 0 ? mlClient().importEmbeddings(sets) : 0))
    .catch(() => undefined);
}

function assertNotTraining(): boolean {
  if (!selectIsBusy(useTrainingStore.getState())) return true;
  useNoticeStore.getState().push('warning', 'Stop training before switching projects.');
  return false;
}

async function switchTo(id: string): Promise<void> {
  commitPendingUndo();
  await flushProject();
  await flushEmbeddings();
  suspended = true;
  useWorkspaceStore.getState().setLoading();
  try {
    await activate(id);
  } catch (error) {
    // The project shown before stays.
    const message = `The project could not be opened: ${errorMessage(error)}`;
    suspended = open === null;
    const workspace = useWorkspaceStore.getState();
    if (open) workspace.setReady(open.summary.id, workspace.projects, workspace.runs);
    else workspace.setFailed(message);
    useNoticeStore.getState().push('error', message);
  }
}

export async function openProject(id: string): Promise<void> {
  if (id === open?.summary.id || !assertNotTraining()) return;
  await switchTo(id);
}

function uniqueName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  let n = 2;
  while (taken.includes(`${base} (${n})`)) n++;
  return `${base} (${n})`;
}

/** Writes a new project to storage (without opening it) and returns its summary. */
export async function writeNewProject(name: string, classes: ImageClass[], settings: TrainingSettings, runs: RunRecord[] = [], id = newId('project')): Promise<ProjectSummary> {
  const taken = (await listProjects()).map((p) => p.name);
  const now = Date.now();
  const summary: ProjectSummary = {
    id,
    name: uniqueName(name.trim() || 'Untitled project', taken),
    createdAt: now,
    updatedAt: now,
    classCount: classes.length,
    imageCount: classes.reduce((n, c) => n + c.imageIds.length, 0),
  };
  await saveProjectDocument(summary, { id, schemaVersion: DOCUMENT_SCHEMA_VERSION, classes, settings });
  await saveRuns(id, runs);
  return summary;
}

export async function createProject(name = 'Untitled project'): Promise<void> {
  if (!assertNotTraining()) return;
  try {
    const summary = await writeNewProject(name, defaultClasses(), DEFAULT_TRAINING_SETTINGS);
    await switchTo(summary.id);
  } catch (error) {
    useNoticeStore.getState().push('error', isQuotaError(error) ? new StorageFullError('the new project was not created').message : `The project could not be created: ${errorMessage(error)}`);
  }
}

/** Renames a project; returns why not when the name cannot be used. */
export async function renameProject(id: string, name: string): Promise<string | null> {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'A project needs a name.';
  if (trimmed.length > 200) return 'Project names can be at most 200 characters long.';
  try {
    const renamed = await renameProjectRecord(id, trimmed);
    if (!renamed) return 'This project no longer exists.';
    if (open?.summary.id === id) open.summary = { ...open.summary, name: trimmed };
    publishSummary(renamed);
    return null;
  } catch (error) {
    return error instanceof StorageFullError ? error.message : `The name could not be saved: ${errorMessage(error)}`;
  }
}

export async function deleteProject(id: string): Promise<void> {
  if (id === open?.summary.id && !assertNotTraining()) return;
  try {
    const wasOpen = id === open?.summary.id;
    if (wasOpen) {
      commitPendingUndo();
      suspended = true;
      dirty = { document: false, runs: false };
      closeCurrent();
    }
    await deleteProjectRecords(id);
    const remaining = await listProjects();
    useWorkspaceStore.getState().setProjects(remaining.map(listItem));
    if (!wasOpen) return;
    if (remaining.length > 0) await switchTo(remaining[remaining.length - 1].id);
    else await createProject('Untitled project');
  } catch (error) {
    useNoticeStore.getState().push('error', `The project could not be deleted: ${errorMessage(error)}`);
  }
}

export function currentProjectId(): string | null {
  return open?.summary.id ?? null;
}

export function currentProjectName(): string {
  return open?.summary.name ?? 'project';
}

// --- start-up ------------------------------------------------------------------------------

function watchStores(): void {
  useProjectStore.subscribe((state, previous) => {
    if (state.classes !== previous.classes) markDirty('document');
  });
  useTrainingStore.subscribe((state, previous) => {
    if (suspended) return;
    if (state.settings !== previous.settings) markDirty('document');
    const runs = nextRuns(useWorkspaceStore.getState().runs, state, previous);
    if (runs) {
      useWorkspaceStore.getState().setRuns(runs);
      markDirty('runs');
    }
  });
  onWorkerEvent((event) => {
    // The first epoch ends right after the embeddings are cached: save them now, not after the
    // save delay (a short run can finish, and the tab be closed, within it).
    if (event.type === 'epochEnded' && event.log.epoch === 1) {
      embeddingsPending = true;
      void flushEmbeddings();
    } else if (event.type === 'embedded' || event.type === 'epochEnded') scheduleEmbeddingSave();
    if (event.type === 'trainFinished' || event.type === 'failed') {
      embeddingsPending = true;
      void flushEmbeddings();
    }
  });
  // A tab going to the background may be closed or discarded without another chance to save.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void flushProject();
  });
  window.addEventListener('pagehide', () => void flushProject());
}

/** Opens the last project (or creates the first one) and starts the autosave. */
export async function startProjectPersistence(): Promise<void> {
  if (started) return;
  started = true;
  watchStores();
  // Asks the browser not to evict this origin's data under storage pressure (no prompt in Chromium).
  void navigator.storage?.persist?.().catch(() => false);
  try {
    const projects = await listProjects();
    const last = await readMeta(CURRENT_PROJECT_KEY);
    let id = projects.find((p) => p.id === last)?.id ?? projects.at(-1)?.id;
    if (!id) {
      const classes = useProjectStore.getState().classes.map((c) => ({ ...c, imageIds: [...c.imageIds] }));
      id = (await writeNewProject('My first project', classes, useTrainingStore.getState().settings)).id;
    }
    await switchTo(id);
  } catch (error) {
    useWorkspaceStore.getState().setFailed(
      `This browser does not let the app store projects (${errorMessage(error)}). Images are kept in the browser's storage (IndexedDB), which some private windows turn off: open the app in a normal window.`,
    );
  }
}
