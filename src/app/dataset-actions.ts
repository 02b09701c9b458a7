// Adding and removing images and classes: files are checked, registered and counted; the
// worker forgets the embeddings of removed images.
import { checkImageFile } from '../lib/image-file-check';
import { registerImage, unregisterImages } from '../lib/image-registry';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { useTrainingStore } from '../state/training-store';
import { mlClient } from '../worker/client';

export interface AddFilesResult {
  added: number;
  skipped: { name: string; reason: string }[];
}

export async function addFilesToClass(classId: string, files: File[]): Promise<AddFilesResult> {
  const result: AddFilesResult = { added: 0, skipped: [] };
  const addedIds: string[] = [];
  // Checked in order so thumbnails appear in the order the files were given.
  for (const file of files) {
    const check = await checkImageFile(file);
    if (!check.ok) {
      result.skipped.push({ name: file.name || '(unnamed file)', reason: check.reason });
      continue;
    }
    const id = newId('img');
    registerImage({ id, name: file.name, file, thumbnailUrl: check.thumbnail.url });
    addedIds.push(id);
  }
  const stillThere = useProjectStore.getState().classes.some((c) => c.id === classId);
  if (!stillThere) {
    unregisterImages(addedIds);
    return { added: 0, skipped: result.skipped };
  }
  useProjectStore.getState().addImages(classId, addedIds);
  result.added = addedIds.length;
  if (result.skipped.length > 0) {
    useNoticeStore
      .getState()
      .push('warning', `${result.skipped.length} of ${files.length} files skipped:`, result.skipped.map((s) => `${s.name}: ${s.reason}`));
  }
  return result;
}

export function removeImage(imageId: string): void {
  useProjectStore.getState().removeImage(imageId);
  unregisterImages([imageId]);
  void mlClient().forgetImages([imageId]);
}

export function addClass(): void {
  useProjectStore.getState().addClass();
  invalidateTrainedModel();
}

export function deleteClass(classId: string): void {
  const removed = useProjectStore.getState().deleteClass(classId);
  unregisterImages(removed);
  void mlClient().forgetImages(removed);
  invalidateTrainedModel();
}

/** A head trained for other classes would predict the wrong labels: drop it. */
function invalidateTrainedModel(): void {
  if (!useTrainingStore.getState().modelReady) return;
  useTrainingStore.getState().invalidateModel();
  void mlClient().discardHead();
}
