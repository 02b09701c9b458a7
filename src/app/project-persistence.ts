// Autosave and the project list. Every change to the classes, the training settings or a run's
// curves is written to IndexedDB shortly after it happens (images themselves are written as they
// are added, before they appear); embeddings are saved as the worker computes them. Opening a
// project reads it all back, so a reload restores the project exactly, also mid-training.
//
// One tab writes a project (project-writer-lock.ts); the others show it read-only and reload it
// whenever the writer saves (project-channel.ts). The autosave itself is one object with explicit
// states (project-autosave.ts). No save deletes a stored photo: a reload removes only the photos
// the document lists as deleted by the user; any other stored photo no class mentions comes back
// in "Recovered images". A stored class list this version cannot read is kept (keptDocuments).
import { errorMessage } from '../lib/error-message';
import { clearRegistry, getImage, registeredImageIds, registerImages } from '../lib/image-registry';
import { openProjectChannel, type ProjectChannel, type ProjectMessage } from '../lib/project-channel';
import {
  deleteImageRecords,
  deleteProjectRecords,
  keepUnreadableDocument,
  listenToProjectDb,
  listProjects,
  loadProjectRecords,
  putEmbeddingSets,
  readEmbeddingSets,
  readMeta,
  renameProject as renameProjectRecord,
  saveProjectDocument,
  saveRuns,
  setProjectReadOnly,
  whenImageDeletesSettled,
  writeMeta,
  DOCUMENT_SCHEMA_VERSION,
  type LoadedProject,
  type ProjectDocument,
  type ProjectSummary,
} from '../lib/project-db';
import { HANDOVER_WAIT_MS, takeOverProject, tryLockProject, writerLocksAvailable, type WriterLease } from '../lib/project-writer-lock';
import { readArray } from '../lib/guards';
import { NewerDocumentError, readProjectDocument, readRunRecord, settleRun, type RunRecord, type StoredClass } from '../lib/project-schema';
import { isQuotaError, StorageFullError } from '../lib/storage-errors';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { defaultClasses, useProjectStore, type ImageClass } from '../state/project-store';
import { DEFAULT_TRAINING_SETTINGS, selectIsBusy, useTrainingStore, type TrainingSettings } from '../state/training-store';
import { useWorkspaceStore, type ProjectListItem } from '../state/workspace-store';
import { mlClient, onWorkerEvent } from '../worker/client';
import { ProjectAutosave, saveFailureMessage, type AutosavePart, type AutosaveState } from './project-autosave';
import { nextRuns, restoredRunOf } from './run-history';
import { stopTraining } from './training-actions';
import { commitPendingUndo } from './undo-actions';
import { t } from '../lib/i18n';

const EMBEDDING_SAVE_DELAY_MS = 500;
const CURRENT_PROJECT_KEY = 'currentProjectId';
const readOnlyNotice = (): string => t('notices:readOnly');
/** Default names are made in the language shown when the project or class is created; they are data from then on. */
const recoveredClassLabel = (): string => t('notices:recoveredClassLabel');
const untitledProjectName = (): string => t('notices:untitledProjectName');
const MAX_PROJECT_NAME_LENGTH = 200;

/** The project open in this tab: its autosave, and the write lock when this tab is its writer. */
interface Session {
  projectId: string;
  autosave: ProjectAutosave;
  lease: WriterLease | null;
}

let session: Session | null = null;
/** True while a project is being swapped in: store changes then are loading, not editing. */
let suspended = true;
let embeddingTimer: ReturnType<typeof setTimeout> | null = null;
let embeddingSaving: Promise<void> = Promise.resolve();
/** Whether the worker may hold embeddings not yet stored (it reported embedding since the last save). */
let embeddingsPending = false;
let failureAnnounced = false;
let started = false;
let channel: ProjectChannel | null = null;

const isReadOnly = (): boolean => session?.autosave.state === 'read-only';

// --- saving --------------------------------------------------------------------------------

function currentDocument(id: string): ProjectDocument {
  const classes: StoredClass[] = useProjectStore.getState().classes.map((c) => ({ id: c.id, label: c.label, imageIds: [...c.imageIds] }));
  // Photos still registered but in no class were deleted by the user and may still be undone:
  // if the page closes first, the next open removes exactly these from storage.
  const referenced = new Set(classes.flatMap((c) => c.imageIds));
  const deletedImageIds = registeredImageIds().filter((id) => !referenced.has(id));
  return { id, schemaVersion: DOCUMENT_SCHEMA_VERSION, classes, settings: { ...useTrainingStore.getState().settings }, deletedImageIds };
}

function listItem(summary: ProjectSummary): ProjectListItem {
  const { id, name, imageCount, classCount, updatedAt } = summary;
  return { id, name, imageCount, classCount, updatedAt };
}

function publishSummary(summary: ProjectSummary): void {
  const workspace = useWorkspaceStore.getState();
  workspace.setProjects(workspace.projects.map((p) => (p.id === summary.id ? listItem(summary) : p)));
}

function showAutosaveState(state: AutosaveState, message: string | null): void {
  const workspace = useWorkspaceStore.getState();
  workspace.setAccess(state === 'read-only', state === 'read-only' ? message : null);
  if (state === 'read-only') workspace.setSave('idle');
  else if (state === 'dirty' || state === 'saving') workspace.setSave('saving');
  else if (state === 'idle') {
    workspace.setSave('saved');
    failureAnnounced = false;
  } else {
    workspace.setSave('error', message);
    if (!failureAnnounced && message) {
      failureAnnounced = true;
      useNoticeStore.getState().push('error', message);
    }
  }
}

function newAutosave(summary: ProjectSummary, readOnly: boolean, readOnlyMessage = readOnlyNotice()): ProjectAutosave {
  const autosave = new ProjectAutosave(
    summary,
    { document: currentDocument, runs: () => useWorkspaceStore.getState().runs },
    {
      state: (state, message) => {
        if (session?.autosave === autosave) showAutosaveState(state, message);
      },
      saved: (saved, parts) => {
        if (session?.autosave !== autosave) return;
        publishSummary(saved);
        channel?.post({ type: 'saved', projectId: saved.id, document: parts.document });
      },
    },
    { readOnly, readOnlyMessage },
  );
  return autosave;
}

function markDirty(part: AutosavePart): void {
  if (suspended || !session) return;
  session.autosave.markDirty(part);
}

/** Writes whatever is unsaved now; resolves when the project in storage matches the screen. */
export async function flushProject(): Promise<void> {
  await session?.autosave.flush();
}

function reportSaveFailure(error: unknown): void {
  const message = saveFailureMessage(error);
  useWorkspaceStore.getState().setSave('error', message);
  if (!failureAnnounced) {
    failureAnnounced = true;
    useNoticeStore.getState().push('error', message);
  }
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
    const projectId = session?.projectId;
    if (!projectId || !embeddingsPending || isReadOnly()) return;
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

interface OpenedDocument {
  classes: ImageClass[];
  settings: TrainingSettings;
  /** Why the stored document could not be read (its images are then in "Recovered images"). */
  problem: string | null;
  /** The document was written by a newer Transfer Lab: shown, never saved over from here. */
  newer: boolean;
  deletedImageIds: Set<string>;
}

function readDocument(loaded: LoadedProject): OpenedDocument {
  try {
    const document = readProjectDocument(loaded.document);
    return {
      classes: document.classes.length > 0 ? document.classes : defaultClasses(),
      settings: document.settings,
      problem: null,
      newer: false,
      deletedImageIds: new Set(document.deletedImageIds),
    };
  } catch (error) {
    // Never drop stored images because their document is unreadable: they are gathered below.
    return {
      classes: [],
      settings: DEFAULT_TRAINING_SETTINGS,
      problem: errorMessage(error),
      newer: error instanceof NewerDocumentError,
      deletedImageIds: new Set(),
    };
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

function uniqueName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  let n = 2;
  while (taken.includes(`${base} (${n})`)) n++;
  return `${base} (${n})`;
}

/** Forgets the open project on this page: registry, worker cache and head, stores. */
function closeCurrent(): void {
  const ids = useProjectStore.getState().classes.flatMap((c) => c.imageIds);
  if (ids.length > 0) void mlClient().forgetImages(ids);
  if (useTrainingStore.getState().modelReady) void mlClient().discardHead();
  clearRegistry();
}

/** Reads project `id` and shows it; `lease` null means this tab shows it read-only. */
async function activate(id: string, lease: WriterLease | null, readOnlyMessage = readOnlyNotice()): Promise<void> {
  const loaded = await loadProjectRecords(id);
  if (!loaded) throw new Error(t('notices:projectGoneFromStorage'));
  let readOnly = lease === null && writerLocksAvailable();
  let message = readOnlyMessage;
  const opened = readDocument(loaded);
  if (opened.newer) {
    readOnly = true;
    message = t('notices:savedByNewerVersion', { problem: opened.problem });
  } else if (opened.problem && loaded.document !== undefined && !readOnly) {
    // Saving over a class list this version cannot read would lose it: keep it first, or edit nothing.
    try {
      await keepUnreadableDocument(id, loaded.document, opened.problem);
    } catch (error) {
      readOnly = true;
      message = t('notices:classListUnreadableNotKept', { problem: opened.problem, error: errorMessage(error) });
    }
  }
  // Shown read-only for its own sake (newer, or unreadable and not kept): another tab may edit it.
  if (readOnly && lease) lease.release();
  const metas = new Map(loaded.images.map((image) => [image.id, image]));
  const classes = opened.classes.map((c) => ({ ...c, imageIds: c.imageIds.filter((imageId) => metas.has(imageId)) }));
  const referenced = new Set(classes.flatMap((c) => c.imageIds));
  const unlisted = loaded.images.filter((image) => !referenced.has(image.id));
  // Deleted by the user before the page closed, while Undo was still offered: now they go.
  const deleted = unlisted.filter((image) => opened.deletedImageIds.has(image.id)).map((image) => image.id);
  // Any other stored photo no class lists is kept and shown: a save never decides a photo's fate.
  const recovered = unlisted.filter((image) => !opened.deletedImageIds.has(image.id)).map((image) => image.id);
  if (recovered.length > 0) {
    const label = uniqueName(
      recoveredClassLabel(),
      classes.map((c) => c.label),
    );
    classes.push({ id: newId('class'), label, imageIds: recovered });
  }
  if (classes.length === 0) classes.push(...defaultClasses());
  if (deleted.length > 0 && !readOnly) await deleteImageRecords(deleted).catch(() => undefined);

  closeCurrent();
  const previous = session;
  setProjectReadOnly(id, readOnly);
  if (previous && previous.projectId !== id) setProjectReadOnly(previous.projectId, false);
  registerImages(loaded.images.filter((image) => !deleted.includes(image.id)));
  useProjectStore.getState().load(classes);
  const training = useTrainingStore.getState();
  training.updateSettings(opened.settings);
  const { runs, settled } = readRuns(loaded.runs);
  training.restoreRun(runs.length > 0 ? restoredRunOf(runs[runs.length - 1]) : null);
  session = { projectId: id, autosave: newAutosave(loaded.summary, readOnly, message), lease: readOnly ? null : lease };
  if (previous?.lease && previous.lease !== lease) previous.lease.release();
  watchLease(session);
  showAutosaveState(session.autosave.state, readOnly ? message : null);
  const projects = (await listProjects()).map(listItem);
  useWorkspaceStore.getState().setReady(id, projects, runs);
  if (!readOnly) await writeMeta(CURRENT_PROJECT_KEY, id).catch(() => undefined);
  if (opened.problem) {
    useNoticeStore
      .getState()
      .push('warning', readOnly ? message : t('notices:classListRecovered', { problem: opened.problem, label: recoveredClassLabel() }));
  } else if (recovered.length > 0 && !readOnly) {
    useNoticeStore.getState().push('warning', t('notices:photosInNoClass', { count: recovered.length, label: classes.at(-1)!.label }));
  }
  suspended = false;
  // Runs read back as interrupted, and photos gathered in "Recovered images", are saved that way.
  if (settled) markDirty('runs');
  if (recovered.length > 0 || deleted.length > 0) markDirty('document');
  // Embeddings fill the worker's cache in the background: training waits for them only if it must.
  void readEmbeddingSets(id)
    .then((sets) => (sets.length > 0 ? mlClient().importEmbeddings(sets) : 0))
    .catch(() => undefined);
}

/** When another tab takes the lock over without asking (it waited HANDOVER_WAIT_MS), stop writing at once. */
function watchLease(current: Session): void {
  void current.lease?.lost.then(() => {
    if (session !== current) return;
    current.lease = null;
    setProjectReadOnly(current.projectId, true);
    current.autosave.stop(readOnlyNotice());
  });
}

function assertNotTraining(): boolean {
  if (!selectIsBusy(useTrainingStore.getState())) return true;
  useNoticeStore.getState().push('warning', t('notices:stopTrainingBeforeSwitching'));
  return false;
}

/** Saves everything this tab still holds for the open project (before switching or handing it over). */
async function saveEverything(): Promise<void> {
  commitPendingUndo();
  await flushEmbeddings();
  await flushProject();
  await whenImageDeletesSettled();
}

async function writerLeaseFor(id: string): Promise<WriterLease | null> {
  if (session?.projectId === id) return session.lease;
  return writerLocksAvailable() ? tryLockProject(id) : null;
}

async function switchTo(id: string): Promise<void> {
  await saveEverything();
  suspended = true;
  useWorkspaceStore.getState().setLoading();
  const lease = await writerLeaseFor(id).catch(() => null);
  try {
    await activate(id, lease);
  } catch (error) {
    // The project shown before stays.
    if (lease && lease !== session?.lease) lease.release();
    const message = t('notices:projectNotOpened', { error: errorMessage(error) });
    suspended = session === null;
    const workspace = useWorkspaceStore.getState();
    if (session) workspace.setReady(session.projectId, workspace.projects, workspace.runs);
    else workspace.setFailed(message);
    useNoticeStore.getState().push('error', message);
  }
}

export async function openProject(id: string): Promise<void> {
  if (id === session?.projectId || !assertNotTraining()) return;
  await switchTo(id);
}

/** "Edit here instead": asks the writing tab to save and let go, then opens the project here for editing. */
export async function editHereInstead(): Promise<void> {
  const current = session;
  if (!current || current.autosave.state !== 'read-only') return;
  channel?.post({ type: 'handover', projectId: current.projectId });
  suspended = true;
  useWorkspaceStore.getState().setLoading();
  try {
    const lease = await takeOverProject(current.projectId);
    await activate(current.projectId, lease);
  } catch (error) {
    suspended = false;
    const workspace = useWorkspaceStore.getState();
    workspace.setReady(current.projectId, workspace.projects, workspace.runs);
    useNoticeStore.getState().push('error', t('notices:takeOverFailed', { error: errorMessage(error) }));
  }
}

/** Writes a new project to storage (without opening it) and returns its summary. */
export async function writeNewProject(
  name: string,
  classes: ImageClass[],
  settings: TrainingSettings,
  runs: RunRecord[] = [],
  id = newId('project'),
): Promise<ProjectSummary> {
  const taken = (await listProjects()).map((p) => p.name);
  const now = Date.now();
  const summary: ProjectSummary = {
    id,
    name: uniqueName(name.trim() || untitledProjectName(), taken),
    createdAt: now,
    updatedAt: now,
    classCount: classes.length,
    imageCount: classes.reduce((n, c) => n + c.imageIds.length, 0),
  };
  await saveProjectDocument(summary, { id, schemaVersion: DOCUMENT_SCHEMA_VERSION, classes, settings, deletedImageIds: [] });
  await saveRuns(id, runs);
  channel?.post({ type: 'projects-changed' });
  return summary;
}

export async function createProject(name = untitledProjectName()): Promise<void> {
  if (!assertNotTraining()) return;
  try {
    const summary = await writeNewProject(name, defaultClasses(), DEFAULT_TRAINING_SETTINGS);
    await switchTo(summary.id);
  } catch (error) {
    useNoticeStore
      .getState()
      .push(
        'error',
        isQuotaError(error)
          ? new StorageFullError('the new project was not created').message
          : t('notices:projectNotCreated', { error: errorMessage(error) }),
      );
  }
}

/** Renames a project; returns why not when the name cannot be used. */
export async function renameProject(id: string, name: string): Promise<string | null> {
  const trimmed = name.trim();
  if (trimmed.length === 0) return t('notices:projectNeedsName');
  if (trimmed.length > MAX_PROJECT_NAME_LENGTH) return t('notices:projectNameTooLong', { max: MAX_PROJECT_NAME_LENGTH });
  try {
    const renamed = await renameProjectRecord(id, trimmed);
    if (!renamed) return t('notices:projectNoLongerExists');
    if (session?.projectId === id) session.autosave.setSummary({ ...session.autosave.projectSummary, name: trimmed });
    publishSummary(renamed);
    channel?.post({ type: 'projects-changed' });
    return null;
  } catch (error) {
    return error instanceof StorageFullError ? error.message : t('notices:nameNotSaved', { error: errorMessage(error) });
  }
}

export async function deleteProject(id: string): Promise<void> {
  if (id === session?.projectId && !assertNotTraining()) return;
  try {
    const wasOpen = id === session?.projectId;
    if (wasOpen && session) {
      commitPendingUndo();
      suspended = true;
      session.autosave.stop('deleted');
      closeCurrent();
    }
    await deleteProjectRecords(id);
    channel?.post({ type: 'projects-changed' });
    const remaining = await listProjects();
    useWorkspaceStore.getState().setProjects(remaining.map(listItem));
    if (!wasOpen) return;
    if (remaining.length > 0) await switchTo(remaining[remaining.length - 1].id);
    else await createProject(untitledProjectName());
  } catch (error) {
    useNoticeStore.getState().push('error', t('notices:projectNotDeleted', { error: errorMessage(error) }));
  }
}

export function currentProjectId(): string | null {
  return session?.projectId ?? null;
}

export function currentProjectName(): string {
  return session?.autosave.projectSummary.name ?? 'project';
}

// --- other tabs ----------------------------------------------------------------------------

/** How often a read-only tab rereads a project whose writer saves only training curves. */
const RUNS_REFRESH_MS = 2_000;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let refreshing: Promise<void> | null = null;
let refreshAgain = false;

/** A read-only tab shows what the writer just saved (reads only). */
async function refreshReadOnly(): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      const current = session;
      if (!current || current.autosave.state !== 'read-only' || suspended) return;
      suspended = true;
      try {
        await activate(current.projectId, null);
      } catch {
        suspended = false;
      }
    } while (refreshAgain);
  })().finally(() => {
    refreshing = null;
  });
  await refreshing;
}

/** Resolves when no run is going, or after `waitMs` (the run's end is then not saved here). */
function whenTrainingIdle(waitMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!selectIsBusy(useTrainingStore.getState())) return resolve();
    const timer = setTimeout(done, waitMs);
    const unsubscribe = useTrainingStore.subscribe((state) => {
      if (!selectIsBusy(state)) done();
    });
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/** The writer was asked to let another tab edit: stop training, save everything, then only show. */
async function handOver(): Promise<void> {
  const current = session;
  if (!current?.lease) return;
  if (selectIsBusy(useTrainingStore.getState())) {
    // The run's curve is saved as stopped, within the time the other tab waits before taking over.
    useNoticeStore.getState().push('warning', t('notices:trainingStoppedForTakeover'));
    await stopTraining().catch(() => undefined);
    await whenTrainingIdle(HANDOVER_WAIT_MS / 2);
  }
  await saveEverything();
  if (session !== current || !current.lease) return;
  await current.autosave.setReadOnly(true, readOnlyNotice());
  setProjectReadOnly(current.projectId, true);
  const lease = current.lease;
  current.lease = null;
  lease.release();
}

async function onProjectsChanged(): Promise<void> {
  const remaining = await listProjects().catch(() => null);
  if (!remaining) return;
  useWorkspaceStore.getState().setProjects(remaining.map(listItem));
  const current = session;
  if (!current || suspended || remaining.some((p) => p.id === current.projectId)) return;
  useNoticeStore.getState().push('warning', t('notices:projectDeletedElsewhere'));
  current.autosave.stop('deleted');
  if (remaining.length > 0) await switchTo(remaining[remaining.length - 1].id);
  else await createProject(untitledProjectName());
}

function onTabMessage(message: ProjectMessage): void {
  if (message.type === 'projects-changed') void onProjectsChanged();
  else if (message.projectId !== session?.projectId) return;
  else if (message.type === 'saved') {
    if (message.document) void refreshReadOnly();
    // Runs alone are saved up to 5 times a second while the writer trains: reread them less often.
    else
      refreshTimer ??= setTimeout(() => {
        refreshTimer = null;
        void refreshReadOnly();
      }, RUNS_REFRESH_MS);
  } else if (message.type === 'handover') void handOver();
}

// --- start-up ------------------------------------------------------------------------------

function watchStores(): void {
  useProjectStore.subscribe((state, previous) => {
    if (state.classes !== previous.classes) markDirty('document');
  });
  useTrainingStore.subscribe((state, previous) => {
    if (suspended || isReadOnly()) return;
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

/** Tells the user when tabs of another Transfer Lab version hold the storage, instead of hanging. */
function watchStorageVersions(): void {
  listenToProjectDb({
    blocked: () => {
      const message = t('notices:closeOtherTabsToUpdate');
      if (useWorkspaceStore.getState().status === 'loading') useWorkspaceStore.getState().setFailed(message);
      useNoticeStore.getState().push('warning', message);
    },
    versionChanged: () => {
      const message = t('notices:updatedInOtherTab');
      session?.autosave.stop(message);
      useNoticeStore.getState().push('warning', message);
    },
    terminated: () => {
      useNoticeStore.getState().push('error', t('notices:storageClosedUnexpectedly'));
    },
  });
}

/** Opens the last project (or creates the first one) and starts the autosave. */
export async function startProjectPersistence(): Promise<void> {
  if (started) return;
  started = true;
  watchStores();
  watchStorageVersions();
  channel = openProjectChannel(onTabMessage);
  // Asks the browser not to evict this origin's data under storage pressure (no prompt in Chromium).
  void navigator.storage?.persist?.().catch(() => false);
  try {
    const projects = await listProjects();
    const last = await readMeta(CURRENT_PROJECT_KEY);
    let id = projects.find((p) => p.id === last)?.id ?? projects.at(-1)?.id;
    if (!id) {
      const classes = useProjectStore.getState().classes.map((c) => ({ ...c, imageIds: [...c.imageIds] }));
      id = (await writeNewProject(t('notices:firstProjectName'), classes, useTrainingStore.getState().settings)).id;
    }
    await switchTo(id);
  } catch (error) {
    useWorkspaceStore.getState().setFailed(t('notices:storageUnavailable', { error: errorMessage(error) }));
  }
}
