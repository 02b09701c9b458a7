// The transfer-vs-scratch lab as a teacher uses it: a comparison of the four strategies on
// generated photos, the chart with one series per strategy, the table of promises, the data-size
// curve, stopping a run, and the advisor's recommendation started in one click.
import { expect, test, type Page } from '@playwright/test';
import { expectClassCount, goToStep, openApp, renameClass, uploadImages } from './helpers/app';
import { openLabSection } from './helpers/steps';
import { generateShapeImages } from './helpers/images';

const STRATEGIES = ['feature-extraction', 'fine-tune', 'random-weights', 'scratch'];

async function setLabSetting(page: Page, key: string, value: number): Promise<void> {
  const field = page.getByTestId(`lab-setting-${key}`);
  if (!(await field.isVisible())) await page.getByTestId('lab-more-settings-toggle').click();
  await field.fill(String(value));
}

async function waitForLab(page: Page, status: string): Promise<void> {
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', status, { timeout: 170_000 });
}

test('strategies side by side, the promises measured, and the advisor starting its run', async ({ page }) => {
  test.setTimeout(600_000);
  await openApp(page);
  await renameClass(page, 0, 'Red circles');
  await renameClass(page, 1, 'Blue squares');
  await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 8, seed: 11 }));
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 8, seed: 12 }));
  await expectClassCount(page, 0, 8);
  await expectClassCount(page, 1, 8);

  await goToStep(page, 'lab');
  // Small and quick: 6 epochs, one seed, small images for the two from-random strategies.
  await expect(page.getByTestId('lab-finetune-blocks')).toBeVisible();
  await setLabSetting(page, 'epochs', 6);
  await setLabSetting(page, 'seeds', 1);
  await setLabSetting(page, 'batchSize', 8);
  await setLabSetting(page, 'scratchImageSize', 32);
  for (const id of STRATEGIES) await expect(page.getByTestId(`lab-strategy-${id}`)).toBeChecked();

  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', /preparing|running/);
  await waitForLab(page, 'done');

  const chart = page.getByTestId('lab-chart');
  await expect(chart).toHaveAttribute('data-series', STRATEGIES.join(','));
  await expect(chart.locator('.recharts-line')).toHaveCount(STRATEGIES.length);
  await expect(chart.locator('.lab-mark-start')).toHaveCount(STRATEGIES.length);
  for (const id of STRATEGIES) {
    for (const column of ['start', 'asymptote', 'test']) await expect(page.getByTestId(`lab-${column}-${id}`)).toContainText(/\d+%/);
    await expect(page.getByTestId(`lab-slope-${id}`)).toContainText(/-?\d+\.\d pts/);
    await expect(page.getByTestId(`lab-wall-${id}`)).toContainText(/\d+\.\d s/);
  }
  const snapshot = await page.evaluate(() => window.transferLabLab!.snapshot());
  for (const id of STRATEGIES) {
    const run = snapshot.runs[id as keyof typeof snapshot.runs]!;
    expect(run.seeds).toHaveLength(1);
    expect(run.seeds[0].epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(run.seeds[0].testAccuracy).toBeGreaterThanOrEqual(0);
  }
  expect(snapshot.runs['fine-tune']!.seeds[0].epochs.map((e) => e.phase)).toEqual([
    'head',
    'head',
    'head',
    'head',
    'fine-tune',
    'fine-tune',
    'fine-tune',
  ]);

  // The toggles redraw the same series as loss and against wall-clock time.
  await page.getByTestId('lab-metric-toggle').click();
  await page.getByTestId('lab-xaxis-toggle').click();
  await expect(chart).toHaveAttribute('data-metric', 'valLoss');
  await expect(chart).toHaveAttribute('data-x', 'time');
  await expect(chart.locator('.recharts-line')).toHaveCount(STRATEGIES.length);

  // Every run can be stopped: a longer run stops after its current batch.
  await setLabSetting(page, 'epochs', 60);
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
  await page.getByTestId('lab-stop').click();
  await waitForLab(page, 'stopped');
  await setLabSetting(page, 'epochs', 6);

  // The data-size curve: feature extraction and scratch at 1, 2 and all (5) photos per class.
  await openLabSection(page, 'lab-datasize');
  await page.getByTestId('lab-datasize-run').click();
  await expect(page.getByTestId('lab-datasize-status')).toHaveAttribute('data-status', 'done', { timeout: 170_000 });
  await expect(page.getByTestId('lab-datasize-chart')).toHaveAttribute('data-points', '6');

  // The advisor measures the dataset, recommends, and its button starts exactly that run.
  await openLabSection(page, 'advisor');
  await page.getByTestId('advisor-assess').click();
  const recommendation = page.getByTestId('advisor-recommendation');
  await expect(recommendation).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('advisor-per-class')).toContainText('8');
  await expect(page.getByTestId('advisor-why')).toContainText('8 images per class');
  await expect(page.locator('[data-testid^="advisor-cell-"][data-active="true"]')).toHaveCount(1);
  const strategy = await recommendation.getAttribute('data-strategy');
  expect(STRATEGIES).toContain(strategy);
  const before = await page.evaluate(() => window.transferLabLab!.snapshot().comparison.runId);
  await page.getByTestId('advisor-run').click();
  await waitForLab(page, 'done');
  const after = await page.evaluate(() => window.transferLabLab!.snapshot());
  expect(after.comparison.runId).not.toBe(before);
  expect(new Set(after.summary!.seeds.map((s) => s.strategy))).toEqual(new Set([strategy]));
  expect(after.runs[strategy as keyof typeof after.runs]!.runId).toBe(after.comparison.runId);
  await expect(page.getByTestId(`lab-test-${strategy}`)).toContainText(/\d+%/);
});
