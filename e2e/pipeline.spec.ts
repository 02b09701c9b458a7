// The whole pipeline as a user walks it: classes, images, training with live curves, Try it,
// export, and the export loaded again by tfjs and by Teachable Machine's library.
import { expect, test } from '@playwright/test';
import {
  addClass,
  classCard,
  dropImages,
  expectClassCount,
  goToStep,
  openApp,
  renameClass,
  setSetting,
  startTraining,
  tryImage,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';
import { predictWithConsumers, readExportZip } from './helpers/exported-model';
import { generateShapeImages } from './helpers/images';

test('photos in, a trained head, predictions and a Teachable Machine export out', async ({ page, context }) => {
  await openApp(page);
  await expect(page.getByTestId('backend-status')).toContainText(/Running on (wasm|webgl|cpu)/);
  await expect(page.getByTestId('class-card')).toHaveCount(2);

  await renameClass(page, 0, 'Red circles');
  await renameClass(page, 1, 'Blue squares');
  await addClass(page, 'Spare');
  await classCard(page, 2).getByTestId('class-delete').click();
  await expect(page.getByTestId('class-card')).toHaveCount(2);

  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 12, seed: 1 });
  const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 12, seed: 2, type: 'image/jpeg' });
  await dropImages(page, 0, circles);
  await uploadImages(page, 1, squares);
  await expectClassCount(page, 0, 12);
  await expectClassCount(page, 1, 12);
  await expect(classCard(page, 0).getByTestId('thumbnail')).toHaveCount(12);

  await setSetting(page, 'epochs', 20);
  const tensorsBefore = await page.evaluate(() => window.transferLab!.memory().then((m) => m.numTensors));
  // Training can be quick: record every progress text the status line shows instead of polling it.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { statusTexts: string[] }).statusTexts = seen;
    const status = document.querySelector('[data-testid=training-status]')!;
    new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await startTraining(page);
  await waitForTrainingDone(page);
  const statusTexts = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
  expect(statusTexts.some((text) => /^embedding \d+\/24$/.test(text))).toBe(true);
  expect(statusTexts.some((text) => /^epoch \d+\/20$/.test(text))).toBe(true);
  await expect(page.getByTestId('learning-curve-chart')).toHaveAttribute('data-epochs', '20');
  await expect(page.getByTestId('accuracy-chart').locator('.recharts-line')).toHaveCount(2);

  const probe = (await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 1, seed: 99 }))[0];
  expect(await tryImage(page, probe)).toBe('Red circles');
  await expect(page.getByTestId('prediction-bar')).toHaveCount(2);

  // Training again reuses the cached embeddings and leaves no tensors behind.
  const tensorsAfterFirst = await page.evaluate(() => window.transferLab!.memory().then((m) => m.numTensors));
  await startTraining(page);
  await waitForTrainingDone(page);
  const snapshot = await page.evaluate(() => window.transferLab!.snapshot());
  expect(snapshot.training.embedStats?.count).toBe(0);
  const tensorsAfterSecond = await page.evaluate(() => window.transferLab!.memory().then((m) => m.numTensors));
  expect(tensorsAfterSecond).toBe(tensorsAfterFirst);
  expect(tensorsAfterFirst - tensorsBefore).toBe(4); // the head's two kernels and two biases

  const downloadPromise = page.waitForEvent('download');
  await goToStep(page, 'export');
  await page.getByTestId('export-button').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('transfer-lab-model.zip');
  const zip = await readExportZip(download);
  expect(zip.metadata.labels).toEqual(['Red circles', 'Blue squares']);
  expect(zip.metadata).toMatchObject({ imageSize: 224, packageName: 'transfer-lab', modelName: expect.any(String) });
  for (const key of ['tfjsVersion', 'packageVersion', 'timeStamp', 'userMetadata']) expect(zip.metadata).toHaveProperty(key);
  expect(zip.modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);

  const appLabel = await tryImage(page, probe);
  const consumer = await context.newPage();
  const predictions = await predictWithConsumers(consumer, zip, probe);
  expect(predictions.layers.inputShape).toEqual([null, 224, 224, 3]);
  expect(predictions.layers.probabilities).toHaveLength(2);
  const layersLabel = zip.metadata.labels[predictions.layers.probabilities.indexOf(Math.max(...predictions.layers.probabilities))];
  const tmBest = predictions.teachableMachine.reduce((a, b) => (b.probability > a.probability ? b : a));
  expect(layersLabel).toBe(appLabel);
  expect(tmBest.className).toBe(appLabel);
});
