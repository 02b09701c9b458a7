// Honest evaluation as a user meets it: the split table, a held-out test set scored in a
// confusion matrix whose cells open their images, calibration and the "not sure" threshold,
// the embedding map beside raw pixels, Try-it with a dropped image and with the (fake) camera,
// and everything recomputed from cached embeddings when the model or the images change.
import { expect, test } from '@playwright/test';
import {
  addClass,
  classCard,
  expectClassCount,
  goToStep,
  openApp,
  renameClass,
  setSetting,
  startTraining,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';
import {
  dropFilesOn,
  mapFillColours,
  matrixCells,
  pasteImage,
  setUnknownThreshold,
  splitCounts,
  waitForEvaluation,
} from './helpers/evaluation';
import { generateShapeImages } from './helpers/images';

const CLASSES = [
  { label: 'Red circles', shape: 'circle', color: '#dc2626' },
  { label: 'Blue squares', shape: 'square', color: '#2563eb' },
  { label: 'Green triangles', shape: 'triangle', color: '#16a34a' },
] as const;
const PER_CLASS = 12;

test('a held-out test set, its confusion matrix, calibration, the embedding map and live Try-it', async ({ page }) => {
  await openApp(page);
  await renameClass(page, 0, CLASSES[0].label);
  await renameClass(page, 1, CLASSES[1].label);
  await addClass(page, CLASSES[2].label);
  for (const [index, spec] of CLASSES.entries()) {
    await uploadImages(
      page,
      index,
      await generateShapeImages(page, { shape: spec.shape, color: spec.color, count: PER_CLASS, seed: 10 + index }),
    );
    await expectClassCount(page, index, PER_CLASS);
  }

  // The split table says what the next run will do: 15% test, then 15% of the rest for validation.
  expect(await splitCounts(page)).toEqual(CLASSES.map((c) => ({ label: c.label, train: 8, val: 2, test: 2 })));
  await expect(page.getByTestId('split-note')).toContainText('6 test images are kept aside');

  await setSetting(page, 'epochs', 20);
  await startTraining(page);
  await waitForTrainingDone(page);
  const first = await page.evaluate(() => window.transferLab!.snapshot().training.summary!);
  expect({ train: first.trainCount, val: first.valCount, test: first.testCount }).toEqual({ train: 24, val: 6, test: 6 });
  await waitForEvaluation(page, first.runId);
  await goToStep(page, 'evaluate');

  // The confusion matrix counts exactly the test images.
  await expect(page.getByTestId('evaluation-set')).toHaveAttribute('data-set', 'test');
  await expect(page.getByTestId('evaluation-set')).toHaveAttribute('data-count', '6');
  const cells = await matrixCells(page);
  expect(cells).toHaveLength(9);
  expect(cells.reduce((sum, c) => sum + c.count, 0)).toBe(first.testCount);
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-total', String(first.testCount));
  for (const t of [0, 1, 2]) expect(cells.filter((c) => c.trueClass === t).reduce((sum, c) => sum + c.count, 0)).toBe(2);
  await expect(page.getByTestId('class-score-row')).toHaveCount(3);
  await expect(page.getByTestId('reliability-diagram')).toHaveAttribute('data-counted', '6');
  // Generated shapes of one class are nearly the same picture: the warning names the pairs.
  await expect(page.getByTestId('near-duplicates')).toBeVisible();
  expect(Number(await page.getByTestId('near-duplicates').getAttribute('data-images'))).toBeGreaterThan(0);
  await expect(page.getByTestId('near-duplicate-pair').first().locator('img')).toHaveCount(2);

  // A cell opens its images; the mistakes gallery lists exactly the off-diagonal ones.
  const filled = cells.find((c) => c.count > 0)!;
  await page.locator(`[data-testid="confusion-cell"][data-true="${filled.trueClass}"][data-predicted="${filled.predictedClass}"]`).click();
  await expect(page.getByTestId('cell-images')).toBeVisible();
  await expect(page.getByTestId('cell-image-item')).toHaveCount(filled.count);
  await expect(page.getByTestId('cell-image-item').first().locator('img')).toBeVisible();
  for (const item of await page.getByTestId('cell-image-item').all()) {
    await expect(item).toHaveAttribute('data-true', String(filled.trueClass));
    await expect(item).toHaveAttribute('data-predicted', String(filled.predictedClass));
  }
  const wrong = cells.filter((c) => c.trueClass !== c.predictedClass).reduce((sum, c) => sum + c.count, 0);
  await expect(page.getByTestId('mistake-item')).toHaveCount(wrong);

  // The map: every image, one colour per class, in both projections; hovering shows the image.
  for (const side of ['embedding-map-trunk', 'embedding-map-pixels']) {
    const map = page.getByTestId(side);
    await expect(map.getByTestId('map-point')).toHaveCount(3 * PER_CLASS);
    expect(await mapFillColours(map)).toHaveLength(3);
  }
  await expect(page.getByTestId('map-legend-item')).toHaveCount(3);
  // The last point is drawn on top of any it overlaps.
  // Hovered again if the page moved under the pointer before the tooltip was read.
  await expect(async () => {
    await page.getByTestId('embedding-map-trunk').getByTestId('map-point').last().hover();
    await expect(page.getByTestId('map-tooltip').first().locator('img')).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  // Same points, drawn with UMAP.
  await page.getByTestId('map-method-umap').check();
  await expect(page.getByTestId('embedding-map')).toHaveAttribute('data-method', 'umap');
  await expect(page.getByTestId('embedding-map')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('embedding-map-trunk').getByTestId('map-point')).toHaveCount(3 * PER_CLASS);

  // Try-it: a dropped image gets a bar per class and a latency.
  const probe = (await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 1, seed: 77 }))[0];
  await dropFilesOn(page, page.getByTestId('tryit-dropzone'), [probe]);
  await expect(page.getByTestId('tryit-panel')).toHaveAttribute('data-files-tried', '1');
  await expect(page.getByTestId('prediction-bar')).toHaveCount(3);
  await expect(page.getByTestId('prediction-label')).toHaveText('Blue squares');
  await expect(page.getByTestId('prediction-latency')).toBeVisible();

  // Below the "not sure" threshold the verdict is "not sure": at 100%, anything short of certainty (an ambiguous image: a triangle's colour on a circle).
  const ambiguous = (await generateShapeImages(page, { shape: 'circle', color: '#16a34a', count: 1, seed: 78 }))[0];
  await dropFilesOn(page, page.getByTestId('tryit-dropzone'), [ambiguous]);
  await expect(page.getByTestId('tryit-panel')).toHaveAttribute('data-files-tried', '2');
  const top = Math.max(
    ...(await page.getByTestId('prediction-bar').evaluateAll((bars) => bars.map((b) => Number((b as HTMLElement).dataset.probability)))),
  );
  expect(top).toBeLessThan(1);
  await setUnknownThreshold(page, 1);
  await expect(page.getByTestId('prediction-label')).toHaveText('not sure');
  await expect(page.getByTestId('unknown-threshold-effect')).toContainText('would still be answered');
  await setUnknownThreshold(page, 0.3);
  await expect(page.getByTestId('prediction-label')).not.toHaveText('not sure');
  // A pasted image is classified like a dropped one.
  await pasteImage(page, probe);
  await expect(page.getByTestId('tryit-panel')).toHaveAttribute('data-files-tried', '3');
  await expect(page.getByTestId('prediction-label')).toHaveText('Blue squares');

  // The camera (Chromium's fake device): frames are classified one at a time, bars update.
  await page.getByTestId('camera-start').click();
  await expect(page.getByTestId('camera-status')).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () => Number(await page.getByTestId('camera-status').getAttribute('data-frames')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('prediction-bar')).toHaveCount(3);
  await expect(page.getByTestId('prediction-latency')).toContainText('in the worker');
  await page.getByTestId('camera-stop').click();
  await expect(page.getByTestId('camera-preview')).toBeHidden();

  // The images change: removing one redraws the map and the report from cached vectors.
  await page.getByTestId('map-method-pca').check();
  await expect(page.getByTestId('embedding-map')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  // Off-screen class grids are not rendered: bring the class into view first.
  await goToStep(page, 'data');
  await classCard(page, 0).scrollIntoViewIfNeeded();
  await classCard(page, 0).getByTestId('thumbnail').first().hover();
  await classCard(page, 0).getByTestId('thumbnail-remove').first().click();
  await expectClassCount(page, 0, PER_CLASS - 1);
  await expect(page.getByTestId('embedding-map-trunk').getByTestId('map-point')).toHaveCount(3 * PER_CLASS - 1);
  const afterRemoval = await matrixCells(page);
  const remainingTest = Number(await page.getByTestId('evaluation-set').getAttribute('data-count'));
  expect([5, 6]).toContain(remainingTest);
  expect(afterRemoval.reduce((sum, c) => sum + c.count, 0)).toBe(remainingTest);

  // The model changes (another seed): a new report, with nothing embedded again.
  await setSetting(page, 'seed', 7);
  await startTraining(page);
  await waitForTrainingDone(page);
  const second = await page.evaluate(() => window.transferLab!.snapshot().training);
  expect(second.embedStats?.count).toBe(0);
  await waitForEvaluation(page, second.summary!.runId);
  const secondCells = await matrixCells(page);
  expect(secondCells.reduce((sum, c) => sum + c.count, 0)).toBe(second.summary!.testCount);
});

test('the camera path says clearly when no camera can be opened', async ({ page }) => {
  await page.addInitScript(() => {
    const denied = () => Promise.reject(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }));
    Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: denied });
  });
  await openApp(page);
  for (const [index, spec] of CLASSES.slice(0, 2).entries()) {
    await uploadImages(page, index, await generateShapeImages(page, { shape: spec.shape, color: spec.color, count: 4, seed: 30 + index }));
  }
  await setSetting(page, 'epochs', 3);
  await startTraining(page);
  await waitForTrainingDone(page);
  // Four images per class: no test set yet, and the evaluation says it scores validation images.
  await expect(page.getByTestId('split-note')).toContainText('No test set yet');
  await expect(page.getByTestId('evaluation-set')).toHaveAttribute('data-set', 'validation');
  await goToStep(page, 'evaluate');
  await page.getByTestId('camera-start').click();
  await expect(page.getByTestId('camera-error')).toContainText('Camera access was denied');
  await expect(page.getByTestId('camera-start')).toBeEnabled();
});
