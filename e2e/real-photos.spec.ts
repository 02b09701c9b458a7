// Real photographs (flowers) when the shared datasets are present, or a folder named in DATASET_DIR
// with train/ and test/ class subfolders.
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  expectClassCount,
  goToStep,
  openApp,
  renameClass,
  startTraining,
  uploadImages,
  waitForTrainingDone,
  addClass,
} from './helpers/app';

const DATASET = resolve(process.env.DATASET_DIR ?? join('..', 'shared', 'datasets', 'flowers12'));
const CLASSES = (process.env.DATASET_CLASSES ?? 'daisy,sunflower,tigerlily').split(',');
const TRAIN_PER_CLASS = 12;
const TEST_PER_CLASS = 4;

function images(split: string, label: string, count: number): string[] {
  const folder = join(DATASET, split, label);
  return readdirSync(folder)
    .filter((name) => /\.(jpe?g|png|gif|webp|bmp)$/i.test(name))
    .sort()
    .slice(0, count)
    .map((name) => join(folder, name));
}

test.skip(!existsSync(join(DATASET, 'train')) || !existsSync(join(DATASET, 'test')), `no dataset with train/ and test/ at ${DATASET}`);

test('a head trained on real flower photos classifies held-out photos', async ({ page }) => {
  await openApp(page);
  for (const [index, label] of CLASSES.entries()) {
    if (index < 2) await renameClass(page, index, label);
    else await addClass(page, label);
    await uploadImages(page, index, images('train', label, TRAIN_PER_CLASS));
    await expectClassCount(page, index, TRAIN_PER_CLASS);
  }
  await startTraining(page);
  await waitForTrainingDone(page);

  let correct = 0;
  let total = 0;
  for (const label of CLASSES) {
    for (const path of images('test', label, TEST_PER_CLASS)) {
      await goToStep(page, 'evaluate');
      await page.getByTestId('tryit-file-input').setInputFiles(path);
      await expect(page.getByTestId('prediction')).toHaveAttribute('data-source', basename(path));
      const predicted = await page.getByTestId('prediction-label').textContent();
      if (predicted === label) correct++;
      total++;
    }
  }
  expect(correct / total).toBeGreaterThanOrEqual(0.8);
});
