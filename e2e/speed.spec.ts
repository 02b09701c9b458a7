// The speed work as a user meets it: embeddings run through the folded trunk in the worker, the
// learning curves draw every epoch (their code warmed up off screen beforehand), the trained model classifies, and a second visit does not
// time the backends again. Timings are
// the bench's business (npm run bench); this spec checks behaviour only.
import { expect, test } from '@playwright/test';
import {
  classCard,
  expectClassCount,
  goToStep,
  openApp,
  setSetting,
  startTraining,
  tryImage,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';
import { generateShapeImages } from './helpers/images';

test('the folded trunk embeds, the curves draw, and a reload remembers the backend', async ({ page }) => {
  await openApp(page);
  const report = await page.evaluate(() => window.transferLabSpeed!.runtimeReport());
  expect(report.trunkRunner).toBe('folded');
  expect(report.foldDifference).toBeLessThan(1e-3);
  // Without a GPU (WebGL drawn by the CPU) wasm is chosen without timing; otherwise both are timed.
  await expect(page.getByTestId('backend-status')).not.toContainText(/measured on this device/);

  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 10, seed: 5 });
  const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 10, seed: 6, type: 'image/jpeg' });
  await uploadImages(page, 0, circles);
  await uploadImages(page, 1, squares);
  await expectClassCount(page, 0, 10);
  await expectClassCount(page, 1, 10);
  await setSetting(page, 'epochs', 12);
  // Before any training the chart code has been run once, off screen, so the first draw during
  // training is not a long task; nobody sees it and nothing can be focused in it.
  const warmup = page.getByTestId('chart-warmup');
  await expect(warmup.locator('.recharts-line')).toHaveCount(2);
  await expect(warmup).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // Before the first epoch the learning curves are already laid out, epoch axis and all, with no
  // line drawn: that epoch's draw is then an update, not a mount.
  for (const testId of ['loss-chart', 'accuracy-chart']) {
    const chart = page.getByTestId(testId);
    await expect(chart).toHaveAttribute('data-points', '0');
    await expect(chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick')).not.toHaveCount(0);
    await expect(chart.locator('.recharts-line')).toHaveCount(0);
  }
  // On wasm with two or more cores the decode worker holds a copy of the trunk and embeds too.
  const shares = report.backend === 'wasm' && (await page.evaluate(() => navigator.hardwareConcurrency >= 2));
  if (shares)
    await expect
      .poll(async () => (await page.evaluate(() => window.transferLabSpeed!.runtimeReport())).secondEmbedder.state, { timeout: 60_000 })
      .toBe('ready');
  await startTraining(page);
  await waitForTrainingDone(page);
  await expect(page.getByTestId('learning-curve-chart')).toHaveAttribute('data-epochs', '12');
  if (shares) expect((await page.evaluate(() => window.transferLabSpeed!.runtimeReport())).secondEmbedder.batches).toBeGreaterThan(0);
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', '12');
  await expect(page.getByTestId('loss-chart').locator('.recharts-line')).toHaveCount(2);
  await goToStep(page, 'data');
  await expect(classCard(page, 0)).toBeVisible();

  const probe = (await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 1, seed: 77, type: 'image/jpeg' }))[0];
  expect(await tryImage(page, probe)).toBe('Class 2');

  // Nothing grows per image: embedding many generated images leaves the tensor count alone.
  const synthetic = await page.evaluate(() => window.transferLabSpeed!.embedSynthetic(64, 96));
  expect(synthetic.tensorsAfter).toBe(synthetic.tensorsBefore);
  if (synthetic.wasmHeapAfter !== null) expect(synthetic.wasmHeapAfter).toBe(synthetic.wasmHeapAfterFirstBatch);

  // A second visit does not time the backends again: it reuses the first visit's measurement
  // (or, without a GPU, skips it as the first visit did).
  await page.reload();
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('backend-status')).toContainText(/measured on this device|drawn by the CPU/);
});
