// Your own source model's flows: train it in the worker on a generated sample set or on a project
// (its originals read from storage and sent in chunks), keep it in IndexedDB with the projects,
// list the kept ones, hand one to the lab or the trunk picker, and export it as a tfjs model zip.
import { downloadBlob } from '../lib/download';
import { errorMessage } from '../lib/error-message';
import { loadProjectRecords, putSourceTrunk, readOriginals, readSourceTrunk, readSourceTrunks } from '../lib/project-db';
import { readProjectDocument } from '../lib/project-schema';
import { createZip } from '../lib/zip';
import { findSampleSet } from '../ml/samples/sample-sets';
import { checkSourceTrunkRecord, OWN_TRUNK_PREFIX, sourceTrunkFiles, summaryOf, type SourceTrunkRecord } from '../ml/lab/source-trunk';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { useSourceModelStore } from '../state/source-model-store';
import { useWorkspaceStore } from '../state/workspace-store';
import { mlClient, onWorkerEvent, transferImages } from '../worker/client';
import type { ImageBytes, LabelledExample, SourceTask } from '../protocol';
import { t } from '../lib/i18n';

/** Images read and sent per worker call while preparing a source project. */
const PREPARE_CHUNK = 32;

/** Where a source model learns from: a generated sample set, or a project of the list. */
export type SourceChoice = { kind: 'sample'; sampleSetId: string } | { kind: 'project'; projectId: string };

let connected = false;

/** Routes the source model's worker events into its store; once per page. */
export function connectSourceModelEvents(): void {
  if (connected) return;
  connected = true;
  onWorkerEvent((event) => {
    const store = useSourceModelStore.getState();
    if (event.type === 'sourcePrepared') store.setPrepared(event.runId, event.done, event.total);
    if (event.type === 'sourceEpochEnded') store.appendEpoch(event.runId, event.epoch);
  });
  void refreshSourceTrunks();
}

/** Reads the kept source models from storage into the list; one that cannot be read stays stored, untouched, and is named in a notice. */
export async function refreshSourceTrunks(): Promise<void> {
  try {
    const stored = await readSourceTrunks();
    const readable: SourceTrunkRecord[] = [];
    const problems: string[] = [];
    for (const value of stored) {
      try {
        readable.push(checkSourceTrunkRecord(value));
      } catch (error) {
        problems.push(errorMessage(error));
      }
    }
    useSourceModelStore.getState().setTrunks(readable.map(summaryOf));
    if (problems.length > 0)
      useNoticeStore.getState().push('warning', t('notices:sourceModelsUnreadable', { count: problems.length }), problems);
  } catch (error) {
    useNoticeStore.getState().push('error', t('notices:sourceModelsNotRead', { error: errorMessage(error) }));
  }
}

/** A kept source model with its weights, checked; throws a clear message when it is gone or damaged. */
export async function readOwnTrunk(id: string): Promise<SourceTrunkRecord> {
  const value = await readSourceTrunk(id);
  if (value === undefined) throw new Error(t('notices:sourceModelGone'));
  return checkSourceTrunkRecord(value);
}

/** The labels and images of a project: the open one as it is now, another as stored. */
async function projectTask(
  projectId: string,
): Promise<{ name: string; labels: string[]; examples: LabelledExample[]; types: Map<string, string> }> {
  const name = useWorkspaceStore.getState().projects.find((p) => p.id === projectId)?.name ?? projectId;
  const loaded = await loadProjectRecords(projectId);
  const types = new Map((loaded?.images ?? []).map((image) => [image.id, image.type]));
  const classes =
    projectId === useWorkspaceStore.getState().currentId
      ? useProjectStore.getState().classes.map((c) => ({ label: c.label, imageIds: c.imageIds }))
      : readProjectDocument(loaded?.document).classes;
  const examples = classes.flatMap((c, classIndex) => c.imageIds.map((id) => ({ id, classIndex })));
  return { name, labels: classes.map((c) => c.label), examples, types };
}

/** Sends a source project's originals to the worker, which shrinks them to the source model's size; returns the ones it could read. */
async function prepareProject(
  runId: string,
  imageSize: number,
  task: { examples: LabelledExample[]; types: Map<string, string> },
): Promise<LabelledExample[]> {
  const ids = task.examples.map((e) => e.id);
  const usable = new Set<string>();
  for (let start = 0; start < ids.length; start += PREPARE_CHUNK) {
    if (useSourceModelStore.getState().training.runId !== runId || useSourceModelStore.getState().training.status !== 'preparing')
      return [];
    const chunk = ids.slice(start, start + PREPARE_CHUNK);
    const originals = await readOriginals(chunk);
    const images: ImageBytes[] = [];
    chunk.forEach((id, i) => {
      const blob = originals[i];
      if (blob) images.push({ id, bytes: blob, type: task.types.get(id) ?? blob.type });
    });
    const outcomes = await mlClient().labSourcePrepare(runId, imageSize, transferImages(images), ids.length, start);
    for (const outcome of outcomes) if (outcome.ok) usable.add(outcome.id);
  }
  return task.examples.filter((e) => usable.has(e.id));
}

/** The name a kept model goes by in the trunk picker. */
function ownTrunkName(sourceName: string, imageSize: number): string {
  return t('lab:source.trunkName', { source: sourceName, size: imageSize });
}

/** Trains a source model on `choice` and keeps it as a trunk (stored, listed, chosen for the lab); the store shows progress. */
export async function trainOwnSourceModel(choice: SourceChoice): Promise<void> {
  const store = useSourceModelStore.getState();
  const { settings } = store;
  const runId = newId('source');
  let sourceName = '';
  try {
    let source: SourceTask;
    if (choice.kind === 'sample') {
      const set = findSampleSet(choice.sampleSetId);
      if (!set) throw new Error(t('notices:noSuchSampleProject', { id: choice.sampleSetId }));
      sourceName = t(`lesson:samples.sets.${set.id as 'shapes-source'}.title`, { defaultValue: set.title });
      store.startTraining(runId, sourceName, settings.epochs);
      source = { kind: 'sample', sampleSetId: set.id };
    } else {
      store.startTraining(runId, choice.projectId, settings.epochs);
      const task = await projectTask(choice.projectId);
      sourceName = task.name;
      useSourceModelStore.setState((s) => ({ training: { ...s.training, sourceName } }));
      const examples = await prepareProject(runId, settings.imageSize, task);
      if (useSourceModelStore.getState().training.status !== 'preparing') return;
      source = { kind: 'images', labels: task.labels, examples };
    }
    const result = await mlClient().labTrainSource({
      runId,
      id: `${OWN_TRUNK_PREFIX}${newId('model')}`,
      name: ownTrunkName(sourceName, settings.imageSize),
      sourceName,
      source,
      settings,
    });
    if (!result.record) {
      useSourceModelStore.getState().finishTraining(runId, null, 'stopped', t('lab:source.status.stopped'));
      return;
    }
    await putSourceTrunk(result.record);
    useSourceModelStore.getState().addTrunk(summaryOf(result.record));
    useSourceModelStore.getState().finishTraining(runId, result.record.id, 'done');
  } catch (error) {
    useSourceModelStore.getState().failTraining(runId, errorMessage(error));
  }
}

/** Stops the source model's training after its current batch (or its preparation before the next chunk); nothing is kept. */
export async function stopSourceTraining(): Promise<void> {
  const { training } = useSourceModelStore.getState();
  if (!training.runId) return;
  if (training.status === 'preparing')
    useSourceModelStore.getState().finishTraining(training.runId, null, 'stopped', t('lab:source.status.stopped'));
  await mlClient().labStop(training.runId);
}

/** Downloads a kept source model as a tfjs layers model (.zip: model.json, weights.bin, README.txt). */
export async function exportOwnTrunk(id: string): Promise<void> {
  try {
    const record = await readOwnTrunk(id);
    const zip = createZip(sourceTrunkFiles(record));
    const safe = record.sourceName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'source';
    downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `my-model-${safe}-${record.imageSize}px.zip`);
  } catch (error) {
    useNoticeStore.getState().push('error', t('notices:sourceModelNotExported', { error: errorMessage(error) }));
  }
}
