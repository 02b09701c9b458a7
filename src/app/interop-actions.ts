// Export packages, the quantisation measurement, and importing a model: the flows that connect
// the export dialog and the import panel with the worker and the stores.
import { transfer } from 'comlink';
import { consumerSample, consumerSampleTransferables } from './consumer-sample';
import { downloadBlob } from '../lib/download';
import { errorMessage } from '../lib/error-message';
import { getImage, readImageBytes, unregisterImages } from '../lib/image-registry';
import { readZip } from '../lib/zip-reader';
import { createZip } from '../lib/zip';
import { exportFileName, type ExportKind, type MeasurementImages, type QuantizationDtype } from '../ml/export-kinds';
import { spreadAcrossClasses } from '../ml/sample-examples';
import type { NamedBytes } from '../ml/model-files';
import { useEvaluationStore } from '../state/evaluation-store';
import { useInteropStore } from '../state/interop-store';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { selectIsBusy, useTrainingStore } from '../state/training-store';
import { useTrunkStore } from '../state/trunk-store';
import { mlClient, onWorkerEvent } from '../worker/client';
import type { ImportMode, LabelledImageBytes } from '../protocol';
import { t } from '../lib/i18n';

/** Images the README's comparison with other tools' preprocessing runs on (4 model passes each). */
export const CONSUMER_SAMPLE_SIZE = 8;
/** At most this many images for the quantisation measurement (1-2 model passes each). */
export const QUANTIZATION_SAMPLE_LIMIT = 300;
export const DEFAULT_MODEL_NAME = 'transfer-lab-model';

let connected = false;

/** Routes progress events into the interop store and drops measurements of a model that is gone. */
export function connectInteropEvents(): void {
  if (connected) return;
  connected = true;
  onWorkerEvent((event) => {
    if (event.type === 'interopProgressed')
      useInteropStore.getState().setProgress({ task: event.task, done: event.done, total: event.total });
  });
  useTrainingStore.subscribe((state, previous) => {
    if (state.modelReady !== previous.modelReady || state.summary !== previous.summary) useInteropStore.getState().forgetQuantization();
  });
  // A head waiting to be imported may fit (or stop fitting) once the user switches the trunk.
  useTrunkStore.subscribe((state, previous) => {
    if (state.info?.id !== previous.info?.id && state.status === 'ready') void refreshImportPreview();
  });
}

async function refreshImportPreview(): Promise<void> {
  const { importPreview, importStatus } = useInteropStore.getState();
  if (!importPreview || importStatus !== 'preview') return;
  const refreshed = await mlClient().refreshImport(importPreview.importId);
  const now = useInteropStore.getState();
  if (refreshed && now.importStatus === 'preview' && now.importPreview?.importId === refreshed.importId) now.showImportPreview(refreshed);
}

/**
 * The last run's validation images (or all its images when it validated on none); when those
 * are gone (e.g. after an import), every labelled image of the current classes. Null when the
 * project has no images at all.
 */
export async function measurementImages(limit: number): Promise<{ images: MeasurementImages; items: LabelledImageBytes[] } | null> {
  const fromRun = await mlClient().evaluationExamples();
  let images: MeasurementImages = fromRun.images;
  let examples = fromRun.examples.filter((example) => getImage(example.id));
  if (examples.length === 0) {
    images = 'all';
    examples = useProjectStore.getState().classes.flatMap((c, classIndex) => c.imageIds.map((id) => ({ id, classIndex })));
  }
  const items: LabelledImageBytes[] = [];
  for (const example of spreadAcrossClasses(examples, limit)) {
    if (!getImage(example.id)) continue;
    items.push({ ...(await readImageBytes(example.id)), classIndex: example.classIndex });
  }
  return items.length > 0 ? { images, items } : null;
}

const labelsNow = () => useProjectStore.getState().classes.map((c) => c.label);

export async function measureQuantization(dtype: QuantizationDtype): Promise<void> {
  const store = useInteropStore.getState();
  store.startQuantization();
  try {
    const sample = await measurementImages(QUANTIZATION_SAMPLE_LIMIT);
    if (!sample) throw new Error(t('notices:noLabelledImagesForQuantised'));
    const report = await mlClient().measureQuantization(
      dtype,
      labelsNow(),
      transfer(
        sample.items,
        sample.items.map((i) => i.bytes),
      ),
      sample.images,
    );
    useInteropStore.getState().finishQuantization(report);
  } catch (error) {
    useInteropStore.getState().failQuantization(errorMessage(error));
  }
}

export interface ExportOptions {
  kind: ExportKind;
  threshold: number | null;
  quantization: QuantizationDtype;
  modelName?: string;
}

/** Builds the chosen package in the worker, zips it and hands it to the browser's downloads. */
export async function exportPackage(options: ExportOptions): Promise<void> {
  const store = useInteropStore.getState();
  const report = store.quantizationReport;
  if (options.kind === 'quantized' && report?.dtype !== options.quantization) {
    store.failExport(t('notices:measureQuantisedFirst'));
    return;
  }
  store.startExport();
  try {
    const images = options.kind === 'head' ? null : await measurementImages(CONSUMER_SAMPLE_SIZE);
    const sample = images && { images: images.images, items: await Promise.all(images.items.map(consumerSample)) };
    const request = {
      kind: options.kind,
      labels: labelsNow(),
      modelName: options.modelName ?? DEFAULT_MODEL_NAME,
      threshold: options.threshold,
      quantization: options.quantization,
      quantizationReport: options.kind === 'quantized' ? report : null,
      sample,
    };
    const exported = await mlClient().buildExport(transfer(request, sample ? sample.items.flatMap(consumerSampleTransferables) : []));
    const zip = createZip(Object.fromEntries(exported.files.map((file) => [file.name, file.content])));
    downloadBlob(
      new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
      exportFileName(options.kind, options.quantization),
    );
    useInteropStore.getState().finishExport(exported.consumers);
  } catch (error) {
    useInteropStore.getState().failExport(errorMessage(error));
  }
}

// --- import ----------------------------------------------------------------------------------

/** A picked .zip is unpacked; otherwise the picked files are taken as they are. */
export async function readPickedFiles(files: File[]): Promise<NamedBytes[]> {
  const isZip = (file: File) => file.name.toLowerCase().endsWith('.zip') || file.type === 'application/zip';
  const zips = files.filter(isZip);
  if (zips.length > 1) throw new Error(t('notices:pickOneZip', { names: zips.map((z) => z.name).join(', ') }));
  if (zips.length === 1) {
    if (files.length > 1) throw new Error(t('notices:pickZipOrFiles', { name: zips[0].name }));
    const unpacked = await readZip(zips[0], zips[0].name);
    return unpacked.filter((f) => !f.name.startsWith('__MACOSX/')).map((f) => ({ name: f.name, bytes: f.bytes.buffer }));
  }
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })));
}

/** Reads and checks the picked model in the worker; the project does not change. */
export async function pickModelToImport(files: File[]): Promise<void> {
  const store = useInteropStore.getState();
  const previous = store.importPreview;
  store.startImportReading();
  if (previous) void mlClient().discardImport(previous.importId);
  try {
    const named = await readPickedFiles(files);
    const preview = await mlClient().inspectImport(
      transfer(
        named,
        named.map((file) => file.bytes),
      ),
    );
    useInteropStore.getState().showImportPreview(preview);
  } catch (error) {
    useInteropStore.getState().failImport(errorMessage(error));
  }
}

export function cancelImport(): void {
  const preview = useInteropStore.getState().importPreview;
  if (preview) void mlClient().discardImport(preview.importId);
  useInteropStore.getState().clearImport();
}

/** The project's classes are replaced by the imported labels (empty classes); their images are dropped. */
function replaceClasses(labels: string[]): void {
  const project = useProjectStore.getState();
  const removed = project.classes.flatMap((c) => project.deleteClass(c.id));
  unregisterImages(removed);
  if (removed.length > 0) void mlClient().forgetImages(removed);
  for (const label of labels) useProjectStore.getState().addClass(label);
}

/**
 * 'model': the import's trunk and head become the project's (its labels become the classes), so
 * Try-it predicts with it at once. 'trunk': only its trunk replaces the project's trunk; classes
 * and images stay, and the next training run embeds them with it.
 */
export async function applyImport(mode: ImportMode): Promise<void> {
  const store = useInteropStore.getState();
  const preview = store.importPreview;
  if (!preview) return;
  if (selectIsBusy(useTrainingStore.getState())) {
    store.failImportApplying(t('notices:importWhileTraining'));
    return;
  }
  store.startImportApplying();
  const trunkBefore = useTrunkStore.getState().info;
  const bringsTrunk = preview.kind === 'full';
  if (bringsTrunk) useTrunkStore.getState().startLoading(`imported:${preview.modelName}`);
  try {
    const result = await mlClient().applyImport(preview.importId, mode, useTrunkStore.getState().backendPreference);
    if (result.trunk) useTrunkStore.getState().setReady(result.trunk);
    if (mode === 'model') {
      replaceClasses(result.labels);
      useTrainingStore.getState().installModel();
      // The model's own "not sure" threshold becomes the app's (Try-it, Evaluation, exports).
      if (preview.notSureThreshold !== null) useEvaluationStore.getState().setUnknownThreshold(preview.notSureThreshold);
    } else {
      useTrainingStore.getState().invalidateModel();
    }
    const message =
      mode === 'model'
        ? t('notices:importedModel', { name: preview.modelName, producer: preview.producer, classCount: result.labels.length })
        : t('notices:importedTrunk', { name: preview.modelName });
    useInteropStore.getState().finishImport(message);
    useNoticeStore.getState().push('info', message);
  } catch (error) {
    if (bringsTrunk) {
      if (trunkBefore) useTrunkStore.getState().setReady(trunkBefore);
      else useTrunkStore.getState().setError(errorMessage(error));
    }
    useInteropStore.getState().failImportApplying(errorMessage(error));
  }
}
