// Editing the dataset: adding files to a class, adding and naming classes, deleting, moving and
// clearing (with undo), all through the project store; images leave storage and the worker's
// cache only once an edit can no longer be undone.
import { errorMessage } from '../lib/error-message';
import { locateByRelativePath, type LocatedFile, type WalkProblem } from '../lib/file-tree';
import { getImage, reclaimHashesOf, releaseHashesOf, unregisterImages } from '../lib/image-registry';
import { deleteImageRecords } from '../lib/project-db';
import { freeClassLabel } from '../ml/class-labels';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore, validateClassLabel } from '../state/project-store';
import { mlClient } from '../worker/client';
import { addLocatedFilesToClass } from './dataset-import';
import { ingestImages, type IngestReport } from './image-ingest';
import { invalidateTrainedModel } from './model-invalidation';
import { offerUndo } from './undo-actions';
import { t } from '../lib/i18n';

export interface AddFilesResult {
  added: number;
  skipped: { name: string; reason: string }[];
}

/** Files from a picker or a plain drop (folders picked with webkitdirectory keep their paths). */
export async function addFilesToClass(classId: string, files: File[]): Promise<AddFilesResult> {
  return toResult(await addLocatedFilesToClass(classId, locateByRelativePath(files)));
}

/** Files from a drop that may hold folders (walked already) and zips. */
export async function addDroppedToClass(classId: string, files: LocatedFile[], problems: WalkProblem[]): Promise<AddFilesResult> {
  return toResult(await addLocatedFilesToClass(classId, files, problems));
}

let webcamFrameCount = 0;

/** Frames of a webcam burst; identical frames (a frozen camera) are dropped quietly. */
export function addWebcamFrames(classId: string, frames: Blob[]): Promise<IngestReport> {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const items = frames.map((frame) => {
    const name = `webcam-${stamp}-${++webcamFrameCount}.jpg`;
    return { file: new File([frame], name, { type: frame.type || 'image/jpeg' }), path: name, destination: { classId } };
  });
  return ingestImages(items, { quietDuplicates: true });
}

function toResult(report: IngestReport): AddFilesResult {
  return { added: report.added, skipped: report.skipped.map((s) => ({ name: s.path, reason: s.reason })) };
}

/** Removes images from storage and the worker for good. */
function purgeImages(ids: string[]): void {
  if (ids.length === 0) return;
  unregisterImages(ids);
  void mlClient().forgetImages(ids);
  deleteImageRecords(ids).catch((error) =>
    useNoticeStore.getState().push('error', t('notices:imagesNotRemovedFromStorage', { error: errorMessage(error) })),
  );
}

export function removeImages(imageIds: string[]): void {
  const removed = useProjectStore.getState().removeImages(imageIds);
  if (removed.length === 0) return;
  const ids = removed.map((r) => r.id);
  releaseHashesOf(ids);
  const text =
    removed.length === 1
      ? t('notices:deletedImage', { name: getImage(ids[0])?.name ?? t('notices:unnamedImage') })
      : t('notices:deletedImages', { count: removed.length });
  offerUndo(text, {
    undo: () => {
      reclaimHashesOf(ids);
      useProjectStore.getState().restoreImages(removed);
    },
    commit: () => purgeImages(ids),
  });
}

export function removeImage(imageId: string): void {
  removeImages([imageId]);
}

export function moveImages(imageIds: string[], toClassId: string): void {
  useProjectStore.getState().moveImages(imageIds, toClassId);
}

export function clearClass(classId: string): void {
  const imageClass = useProjectStore.getState().classes.find((c) => c.id === classId);
  if (!imageClass || imageClass.imageIds.length === 0) return;
  const removed = useProjectStore.getState().removeImages(imageClass.imageIds);
  const ids = removed.map((r) => r.id);
  releaseHashesOf(ids);
  offerUndo(t('notices:clearedClass', { label: imageClass.label, count: ids.length }), {
    undo: () => {
      reclaimHashesOf(ids);
      useProjectStore.getState().restoreImages(removed);
    },
    commit: () => purgeImages(ids),
  });
}

export function addClass(): void {
  useProjectStore.getState().addClass();
  invalidateTrainedModel();
}

/** Renames a class, or says why the name cannot be used. */
export function renameClass(classId: string, label: string): string | null {
  const problem = validateClassLabel(useProjectStore.getState().classes, classId, label);
  if (problem) return problem;
  useProjectStore.getState().renameClass(classId, label.trim());
  return null;
}

export function deleteClass(classId: string): void {
  const removed = useProjectStore.getState().removeClass(classId);
  if (!removed) return;
  const ids = removed.imageClass.imageIds;
  releaseHashesOf(ids);
  invalidateTrainedModel();
  const removedLabel = removed.imageClass.label;
  const text =
    ids.length > 0
      ? t('notices:deletedClassWithImages', { label: removedLabel, count: ids.length })
      : t('notices:deletedClass', { label: removedLabel });
  offerUndo(text, {
    undo: () => {
      const classes = useProjectStore.getState().classes;
      // Another class may have taken the name meanwhile: the restored one then says so.
      const others = classes.filter((c) => c.id !== removed.imageClass.id).map((c) => c.label);
      const label = validateClassLabel(classes, removed.imageClass.id, removed.imageClass.label)
        ? freeClassLabel(`${removed.imageClass.label} (restored)`, others)
        : removed.imageClass.label;
      reclaimHashesOf(ids);
      useProjectStore.getState().restoreClass({ ...removed, imageClass: { ...removed.imageClass, label } });
      invalidateTrainedModel();
    },
    commit: () => purgeImages(ids),
  });
}
