// The pipeline's edges: explaining why training cannot start, stopping a run, choosing the other
// trunk, and loading a trunk from local files. (Bad files: e2e/dataset-bad-input.spec.ts.)
import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  classCard,
  expectClassCount,
  openApp,
  openTrunkDetails,
  renameClass,
  setSetting,
  startTraining,
  uploadImages,
} from './helpers/app';
import { generateShapeImages } from './helpers/images';

test('training explains what is missing instead of starting', async ({ page }) => {
  await openApp(page);
  const one = await generateShapeImages(page, { shape: 'square', color: '#9333ea', count: 3, seed: 8 });
  await uploadImages(page, 0, one);
  await expectClassCount(page, 0, 3);
  await startTraining(page);
  await expect(page.getByTestId('training-error')).toContainText('Add images to at least two classes');

  await renameClass(page, 1, 'Lonely');
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'circle', color: '#ca8a04', count: 1, seed: 9 }));
  await expectClassCount(page, 1, 1);
  await startTraining(page);
  await expect(page.getByTestId('training-error')).toContainText('Class "Lonely" has only 1 image. It needs at least 2');
});

test('Stop ends a long run cleanly after the epochs already done', async ({ page }) => {
  await openApp(page);
  await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 6, seed: 11 }));
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'triangle', color: '#0891b2', count: 6, seed: 12 }));
  await expectClassCount(page, 1, 6);
  await setSetting(page, 'epochs', 500);
  await setSetting(page, 'batchSize', 1);
  await startTraining(page);
  await expect(page.getByTestId('training-status')).toHaveText(/epoch ([3-9]|\d\d+)\/500/);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('training-status')).toContainText('Stopped after');
  const epochs = Number(await page.getByTestId('learning-curve-chart').getAttribute('data-epochs'));
  expect(epochs).toBeGreaterThanOrEqual(3);
  expect(epochs).toBeLessThan(500);
  await expect(page.getByTestId('export-button')).toBeEnabled();
});

test('the V1 trunk can be chosen, and a trunk can be loaded from local files', async ({ page }) => {
  await openApp(page);
  await openTrunkDetails(page);
  await page.getByTestId('trunk-select').selectOption('mobilenet_v1_0.25_224');
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('trunk-status')).toContainText('256 features per image');

  const folder = join('public', 'models', 'mobilenet_v2_0.35_224');
  await page.getByTestId('trunk-load-other').click();
  await page.getByTestId('trunk-files-input').setInputFiles(readdirSync(folder).map((name) => join(folder, name)));
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('trunk-status')).toContainText('1280 features per image');

  await page
    .getByTestId('trunk-files-input')
    .setInputFiles([{ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"graph-model"}') }]);
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('trunk-status')).toContainText(/model/i);
});

test('class names must be unique and non-empty', async ({ page }) => {
  await openApp(page);
  await renameClass(page, 0, 'Cats');
  const second = classCard(page, 1).getByTestId('class-name-input');
  await second.fill('Cats');
  await second.press('Enter');
  await expect(classCard(page, 1).getByTestId('class-name-error')).toHaveText('Another class is already called "Cats".');
  await second.fill('   ');
  await second.press('Enter');
  await expect(classCard(page, 1).getByTestId('class-name-error')).toHaveText('A class needs a name.');
  await expect(classCard(page, 1)).toHaveAttribute('data-label', 'Class 2');
});
