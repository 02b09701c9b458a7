// "Which trunk suits my photos?" on real photos (hymenoptera: ants and bees): every installed
// trunk gets an estimate beside it, one is marked best, the estimate goes stale when the photos
// change, training afterwards reuses the embeddings, and Stop leaves no estimate half-shown.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { uncataloguedText } from './helpers/i18n';
import { openSourceModelPanel } from './helpers/steps';
import {
  classCard,
  expectClassCount,
  openApp,
  openTrunkDetails,
  renameClass,
  setSetting,
  startTraining,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';

const DATASET = resolve(process.env.DATASET_DIR ?? join('..', 'shared', 'datasets', 'hymenoptera'));
const CLASSES = ['ants', 'bees'];
const PER_CLASS = 6;

function photos(label: string, from: number, count: number): string[] {
  const folder = join(DATASET, 'train', label);
  return readdirSync(folder)
    .filter((name) => /\.(jpe?g|png)$/i.test(name))
    .sort()
    .slice(from, from + count)
    .map((name) => join(folder, name));
}

test.skip(!CLASSES.every((label) => existsSync(join(DATASET, 'train', label))), `no hymenoptera photos at ${DATASET}`);

/** Ids of the trunks the install script put in public/models (what the app ranks, with your own models). */
async function installedTrunkIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const index = (await (await fetch('/models/index.json')).json()) as { trunks: { id: string; installed: boolean }[] };
    return index.trunks.filter((trunk) => trunk.installed).map((trunk) => trunk.id);
  });
}

async function addPhotos(page: Page): Promise<void> {
  for (const [index, label] of CLASSES.entries()) {
    await renameClass(page, index, label);
    await uploadImages(page, index, photos(label, 0, PER_CLASS));
    // The count's number is enough: its words are pseudo-localised in the en-XA test.
    await expect(classCard(page, index).getByTestId('class-count')).toContainText(String(PER_CLASS));
  }
}

test('ranks every installed trunk on the photos, marks the best, and goes stale when the photos change', async ({ page }) => {
  await openApp(page);
  await openTrunkDetails(page);
  const rank = page.getByTestId('rank-trunks');
  await expect(rank).toBeDisabled();
  await expect(page.getByTestId('rank-trunks-hint')).toContainText('3 photos');
  await addPhotos(page);
  await expect(rank).toBeEnabled();
  await expect(page.getByTestId('rank-trunks-hint')).toHaveCount(0);

  const trunkIds = await installedTrunkIds(page);
  expect(trunkIds.length).toBeGreaterThanOrEqual(2);
  const inUse = await page.getByTestId('trunk-select').inputValue();
  await rank.click();
  await expect(page.getByTestId('rank-trunks-progress')).toContainText(new RegExp(`Trunk \\d of ${trunkIds.length}`));
  await expect(page.getByTestId('rank-trunks-results')).toBeVisible({ timeout: 170_000 });

  for (const id of trunkIds) {
    const estimate = page.getByTestId(`trunk-estimate-${id}`);
    const text = (await estimate.textContent()) ?? '';
    const match = /about (\d+)% right, (\d+) ms a photo/.exec(text);
    expect(match, `${id}: ${text}`).not.toBeNull();
    const percent = Number(match![1]);
    expect(percent).toBeGreaterThanOrEqual(0);
    expect(percent).toBeLessThanOrEqual(100);
    expect(Number(await estimate.getAttribute('data-percent'))).toBe(percent);
    expect(Number(match![2])).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('rank-trunks-best')).toHaveCount(1);
  await expect(page.locator('[data-testid^="trunk-estimate-"][data-best="true"]')).toHaveCount(1);
  await expect(page.getByTestId('rank-trunks-meaning')).toContainText('every photo was hidden once');
  // The user chooses: the trunk in use did not change.
  await expect(page.getByTestId('trunk-select')).toHaveValue(inUse);

  // The trunk in use embedded the photos into the normal cache: training embeds none again.
  await setSetting(page, 'epochs', 3);
  await startTraining(page);
  await waitForTrainingDone(page);
  expect((await page.evaluate(() => window.transferLab!.snapshot())).training.embedStats?.count).toBe(0);

  await expect(page.getByTestId('rank-trunks-stale')).toHaveCount(0);
  await uploadImages(page, 0, photos('ants', PER_CLASS, 1));
  await expectClassCount(page, 0, PER_CLASS + 1);
  await expect(page.getByTestId('rank-trunks-stale')).toContainText('out of date');
});

test('Stop ends the ranking with no estimate shown', async ({ page }) => {
  await openApp(page);
  await openTrunkDetails(page);
  await addPhotos(page);
  await page.getByTestId('rank-trunks').click();
  await expect(page.getByTestId('rank-trunks-progress')).toContainText('Trunk 1 of');
  await page.getByTestId('rank-trunks-stop').click();
  await expect(page.getByTestId('rank-trunks-message')).toContainText('Stopped');
  await expect(page.getByTestId('rank-trunks-progress')).toHaveCount(0);
  await expect(page.getByTestId('rank-trunks-stop')).toHaveCount(0);
  await expect(page.locator('[data-testid^="trunk-estimate-"]')).toHaveCount(0);
  await expect(page.getByTestId('rank-trunks')).toBeEnabled();
  // A stopped ranking leaves the app working: a new one runs to the end.
  await page.getByTestId('rank-trunks').click();
  await expect(page.getByTestId('rank-trunks-results')).toBeVisible({ timeout: 170_000 });
  await expect(page.getByTestId('rank-trunks-best')).toHaveCount(1);
});

test('in the pseudo-locale every string of the ranking comes from a catalogue', async ({ page }) => {
  await page.goto('/?lang=en-XA');
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await openTrunkDetails(page);
  const ranking = '[data-testid="trunk-ranking"]';
  await expect(page.getByTestId('rank-trunks-hint')).toBeVisible();
  expect(await uncataloguedText(page, ranking)).toEqual([]);
  await addPhotos(page);
  await page.getByTestId('rank-trunks').click();
  await expect(page.getByTestId('rank-trunks-progress')).toBeVisible();
  expect(await uncataloguedText(page, ranking)).toEqual([]);
  await expect(page.getByTestId('rank-trunks-results')).toBeVisible({ timeout: 170_000 });
  expect(await uncataloguedText(page, ranking)).toEqual([]);
});

test('your own model is ranked beside the installed trunks', async ({ page }) => {
  test.setTimeout(420_000);
  const source = 'Eight letters, 20 pictures each';
  const target = 'Five new shapes, 20 pictures each';
  const ownName = `My model: ${source} (32 px)`;
  await openApp(page);
  for (const [setId, title] of [
    ['letters-small', source],
    ['shapes-small', target],
  ]) {
    await page.getByTestId('sample-set-picker').selectOption(setId);
    await page.getByTestId('open-sample-project').click();
    await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText(title);
    await expect(page.getByTestId('sample-project-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  }
  // A model of your own, trained for 3 epochs on the letters (as e2e/develop-model.spec.ts does).
  await openSourceModelPanel(page);
  const panel = page.getByTestId('source-model-panel');
  const picker = panel.getByTestId('source-model-source');
  const letters = await picker.locator('optgroup').nth(1).locator('option', { hasText: source }).getAttribute('value');
  await picker.selectOption(letters!);
  await panel.getByTestId('source-model-epochs').fill('3');
  await panel.getByTestId('source-model-train').click();
  await expect(panel.getByTestId('source-model-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });

  const installed = await installedTrunkIds(page);
  await openTrunkDetails(page);
  await page.getByTestId('rank-trunks').click();
  await expect(page.getByTestId('rank-trunks-results')).toBeVisible({ timeout: 240_000 });
  const estimates = page.locator('[data-testid^="trunk-estimate-"]');
  await expect(estimates).toHaveCount(installed.length + 1);
  const own = page.getByTestId('rank-trunks-results').locator('li', { hasText: ownName });
  await expect(own.locator('[data-testid^="trunk-estimate-"]')).toHaveText(/about \d+% right, \d+ ms a photo/);
  await expect(page.getByTestId('rank-trunks-best')).toHaveCount(1);
});
