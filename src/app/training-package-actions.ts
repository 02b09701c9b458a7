// The training package (issue #17): gathers every readable photo of the current classes from
// storage and the project's training settings, has the worker assemble the package
// (src/ml/training-package.ts, the function the headless CLI runs too), zips and downloads it.
import { transfer } from 'comlink';
import { downloadBlob } from '../lib/download';
import { getImage, readImageBytes } from '../lib/image-registry';
import { t } from '../lib/i18n';
import { createZip } from '../lib/zip';
import type { TrainingPackageRequest } from '../protocol';
import { useProjectStore } from '../state/project-store';
import { useTrainingStore } from '../state/training-store';
import { useUnreadableStore } from '../state/unreadable-store';
import { mlClient } from '../worker/client';

export const TRAINING_PACKAGE_FILE_NAME = 'transfer-lab-training-package.zip';

/** Throws a message for the UI when there is nothing to package. */
export async function exportTrainingPackage(): Promise<void> {
  const { reasons } = useUnreadableStore.getState();
  const classes = useProjectStore.getState().classes;
  const photos: TrainingPackageRequest['photos'] = [];
  for (const [classIndex, c] of classes.entries()) {
    for (const id of c.imageIds) {
      const image = getImage(id);
      if (!image || id in reasons) continue;
      photos.push({ classIndex, name: image.name, bytes: (await readImageBytes(id)).bytes });
    }
  }
  if (classes.length < 2 || photos.length === 0) throw new Error(t('export:trainingPackage.nothingToPackage'));
  const request: TrainingPackageRequest = { labels: classes.map((c) => c.label), photos, settings: useTrainingStore.getState().settings };
  const { files } = await mlClient().buildTrainingPackage(
    transfer(
      request,
      photos.map((p) => p.bytes),
    ),
  );
  const zip = createZip(Object.fromEntries(files.map((file) => [file.name, file.content])));
  downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), TRAINING_PACKAGE_FILE_NAME);
}
