// Faults the app survives (docs/reliability.md): the ML worker ended mid-training as a crash ends
// it, and the WebGL context lost mid-training as a GPU reset loses it. Both through the test-only
// hook window.transferLabFaults (src/app/fault-automation.ts). Each time the app must say so,
// restart the engine, keep every photo, class and setting, and train again when asked.
import { expect, test, type Page } from '@playwright/test';
import { expectClassCount, openApp, openTrunkDetails, setSetting, startTraining, uploadImages, waitForTrainingDone } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { reloadStudio } from './helpers/studio';

const PER_CLASS = 8;

async function addPhotos(page: Page): Promise<void> {
  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: PER_CLASS, seed: 1 });
  const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: PER_CLASS, seed: 2 });
  await uploadImages(page, 0, circles);
  await uploadImages(page, 1, squares);
  await expectClassCount(page, 0, PER_CLASS);
  await expectClassCount(page, 1, PER_CLASS);
}

/** Starts a run long enough (500 epochs of one-image batches) to still be training when the fault comes. */
async function startLongRun(page: Page): Promise<void> {
  await setSetting(page, 'epochs', 500);
  await setSetting(page, 'batchSize', 1);
  await startTraining(page);
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'training', { timeout: 170_000 });
}

/** After the fault: the run is over with a message, the trunk is back, the settings are as they were; a short run trains. */
async function expectRecoveredAndRetry(page: Page, notice: RegExp): Promise<void> {
  await expect(page.getByTestId('notice').filter({ hasText: notice })).toContainText('Press Train to try again');
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('training-error')).toContainText('cut short');
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 170_000 });
  await expect(page.getByTestId('setting-epochs')).toHaveValue('500');
  await expect(page.getByTestId('setting-batchSize')).toHaveValue('1');
  await expectClassCount(page, 0, PER_CLASS);
  await expectClassCount(page, 1, PER_CLASS);

  await setSetting(page, 'epochs', 3);
  await setSetting(page, 'batchSize', 16);
  await startTraining(page);
  await waitForTrainingDone(page);
  await expect(page.getByTestId('learning-curve-chart')).toHaveAttribute('data-epochs', '3');
}

test('the ML worker killed mid-training: the app says so, restarts it, and trains again with nothing lost', async ({ page }) => {
  test.setTimeout(420_000);
  await openApp(page);
  await addPhotos(page);
  await startLongRun(page);

  expect(await page.evaluate(() => window.transferLabFaults!.killWorker())).toBe(true);
  await expectRecoveredAndRetry(page, /training engine stopped unexpectedly/);

  await reloadStudio(page);
  await expectClassCount(page, 0, PER_CLASS);
  await expectClassCount(page, 1, PER_CLASS);
});

test('the WebGL context lost mid-training: the app says so, moves to wasm, and trains again with nothing lost', async ({ page }) => {
  test.setTimeout(600_000);
  await openApp(page);
  await openTrunkDetails(page);
  await page.getByTestId('backend-select').selectOption('webgl');
  await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'webgl', { timeout: 170_000 });
  await addPhotos(page);
  await startLongRun(page);

  expect(await page.evaluate(() => window.transferLabFaults!.loseWebglContext())).toBe(true);
  await expect(page.getByTestId('notice').filter({ hasText: /graphics chip \(WebGL\) stopped working/ })).toContainText(
    'restarted on the processor (wasm)',
  );
  await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'wasm', { timeout: 170_000 });
  await expect(page.getByTestId('backend-status')).toContainText('graphics chip (WebGL) stopped working');
  await expect(page.getByTestId('backend-select')).toHaveValue('wasm');
  await expectRecoveredAndRetry(page, /graphics chip \(WebGL\) stopped working/);

  await reloadStudio(page);
  await expectClassCount(page, 0, PER_CLASS);
  await expectClassCount(page, 1, PER_CLASS);
});
