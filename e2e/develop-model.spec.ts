// The "develop a model" approach as a class uses it: train a model of your own on a source
// project, find it in the trunk picker, reload and find it again, reuse it in the lab beside the
// ImageNet trunk and scratch, use it as the trunk, and download it.
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { goToStep, openApp, openTrunkDetails, setSetting, startTraining, waitForTrainingDone } from './helpers/app';
import { openSourceModelPanel } from './helpers/steps';

const SOURCE_PROJECT = 'Eight letters, 20 pictures each';
const TARGET_PROJECT = 'Five new shapes, 20 pictures each';
const OWN_NAME = `My model: ${SOURCE_PROJECT} (32 px)`;

async function openSample(page: Page, setId: string, title: string, classes: number): Promise<void> {
  await page.getByTestId('sample-set-picker').selectOption(setId);
  await page.getByTestId('open-sample-project').click();
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText(title);
  await expect(page.getByTestId('sample-project-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('class-card')).toHaveCount(classes);
}

async function setLabSetting(page: Page, key: string, value: number): Promise<void> {
  const field = page.getByTestId(`lab-setting-${key}`);
  if (!(await field.isVisible())) await page.getByTestId('lab-more-settings-toggle').click();
  await field.fill(String(value));
}

async function trunkOptions(page: Page): Promise<string[]> {
  await openTrunkDetails(page);
  return page.getByTestId('trunk-select').locator('option').allTextContents();
}

test('a source model is trained, kept as a trunk, survives a reload and is reused in the lab', async ({ page }) => {
  test.setTimeout(600_000);
  await openApp(page);
  // A small source project (8 letters x 20) and the target (5 new shapes x 20), both generated.
  await openSample(page, 'letters-small', SOURCE_PROJECT, 8);
  await openSample(page, 'shapes-small', TARGET_PROJECT, 5);

  await goToStep(page, 'lab');
  await openSourceModelPanel(page);
  const panel = page.getByTestId('source-model-panel');
  await expect(page.getByTestId('lab-strategy-source-features')).toHaveCount(0);
  await expect(page.getByTestId('lab-strategies-own-hint')).toBeVisible();
  const sourcePicker = panel.getByTestId('source-model-source');
  const status = panel.getByTestId('source-model-status');

  // Stop: the big ten-shapes source task is stopped once its first epoch is shown; nothing is kept.
  await sourcePicker.selectOption('sample:shapes-source');
  await panel.getByTestId('source-model-train').click();
  await expect(status).toHaveAttribute('data-status', 'training', { timeout: 120_000 });
  await expect(status).toContainText(/epoch \d+\/10, \d+% of the validation pictures right/);
  await panel.getByTestId('source-model-stop').click();
  await expect(status).toHaveAttribute('data-status', 'stopped');
  await expect(status).toHaveText('Stopped: nothing was kept.');
  await expect(panel.getByTestId('source-trunk-select')).toBeDisabled();
  await expect(page.getByTestId('lab-strategy-source-features')).toHaveCount(0);

  const projectValue = await sourcePicker.locator('optgroup').nth(1).locator('option', { hasText: SOURCE_PROJECT }).getAttribute('value');
  expect(projectValue).toMatch(/^project:/);
  await sourcePicker.selectOption(projectValue!);
  await panel.getByTestId('source-model-epochs').fill('3');
  await panel.getByTestId('source-model-train').click();
  await expect(status).toHaveAttribute('data-status', /preparing|training/);
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(status).toContainText(`Kept “${OWN_NAME}”`);
  await expect(panel.getByTestId('source-trunk-select').locator('option:checked')).toHaveText(OWN_NAME);
  await expect(panel.getByTestId('source-trunk-details')).toContainText(`Learnt from “${SOURCE_PROJECT}”: 8 classes`);

  // It is a trunk beside the catalogue's.
  expect(await trunkOptions(page)).toContain(OWN_NAME);

  // Stored with the projects: a reload finds it in the lab and in the picker.
  await page.reload();
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText(TARGET_PROJECT);
  expect(await trunkOptions(page)).toContain(OWN_NAME);
  await openSourceModelPanel(page);
  await expect(panel.getByTestId('source-trunk-select').locator('option:checked')).toHaveText(OWN_NAME);

  // Reused on the five new shapes, frozen and fine-tuned, beside the ImageNet trunk and scratch.
  await setLabSetting(page, 'epochs', 4);
  await setLabSetting(page, 'seeds', 1);
  await setLabSetting(page, 'batchSize', 16);
  await setLabSetting(page, 'scratchImageSize', 32);
  await page.getByTestId('lab-strategy-fine-tune').uncheck();
  await page.getByTestId('lab-strategy-random-weights').uncheck();
  await page.getByTestId('lab-strategy-source-features').check();
  await page.getByTestId('lab-strategy-source-fine-tune').check();
  await expect(page.getByTestId('lab-strategy-source-features-source')).toContainText(`Reuses “${OWN_NAME}”`);
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  const shown = ['feature-extraction', 'scratch', 'source-features', 'source-fine-tune'];
  await expect(page.getByTestId('lab-chart')).toHaveAttribute('data-series', shown.join(','));
  for (const id of shown) await expect(page.getByTestId(`lab-test-${id}`)).toContainText(/\d+%/);
  const snapshot = await page.evaluate(() => window.transferLabLab!.snapshot());
  expect(snapshot.runs['source-fine-tune']!.seeds[0].epochs.map((e) => e.phase)).toEqual([
    'head',
    'head',
    'head',
    'fine-tune',
    'fine-tune',
  ]);

  // Downloaded as a tfjs layers model.
  const downloading = page.waitForEvent('download');
  await panel.getByTestId('source-trunk-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^my-model-.*-32px\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual(['README.txt', 'model.json', 'weights.bin']);
  const modelJson = JSON.parse(new TextDecoder().decode(files['model.json']));
  expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);

  // And as the trunk itself: the pipeline embeds the project with it and trains a head on top.
  await openTrunkDetails(page);
  await page.getByTestId('trunk-select').selectOption({ label: OWN_NAME });
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('trunk-status')).toContainText(`${OWN_NAME} ready: 32 features per image`);
  await setSetting(page, 'epochs', 3);
  await startTraining(page);
  await waitForTrainingDone(page);
});
