// The default training path as a user meets it: after the watched run the model trains once more
// on the training and validation photos, and the evaluation then scores the validation photos with
// the model from before that final round (the kept model has seen them). Mirror views are a switch
// (off by default: over the time budget, docs/accuracy.md). "Teachable Machine's recipe" turns
// both off.
import { expect, test, type Page } from '@playwright/test';
import { goToStep, openApp, renameClass, setSetting, startTraining, uploadImages, waitForTrainingDone } from './helpers/app';
import { waitForEvaluation } from './helpers/evaluation';
import { generateShapeImages } from './helpers/images';
import { reloadStudio } from './helpers/studio';

const PER_CLASS = 6; // under 10 a class: no test set, so the evaluation scores the validation photos

async function addTwoClasses(page: Page): Promise<void> {
  await renameClass(page, 0, 'Circles');
  await renameClass(page, 1, 'Triangles');
  await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: PER_CLASS, seed: 3 }));
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'triangle', color: '#2563eb', count: PER_CLASS, seed: 4 }));
}

const summaryOf = (page: Page) => page.evaluate(() => window.transferLab!.snapshot().training.summary!);

test('by default a run ends with a final round and is scored fairly; mirror images can be switched on; the Teachable Machine recipe turns both off', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await addTwoClasses(page);
  await setSetting(page, 'epochs', 8);
  await expect(page.getByTestId('setting-mirrorViews')).not.toBeChecked();
  await expect(page.getByTestId('setting-finalFit')).toBeChecked();

  await startTraining(page);
  await waitForTrainingDone(page);
  const run = await summaryOf(page);
  // 5 training and 1 validation photo a class; the final round learns from all 12.
  expect({ train: run.trainCount, val: run.valCount, test: run.testCount }).toEqual({ train: 10, val: 2, test: 0 });
  expect(run.mirrorViews).toBe(false);
  expect(run.finalFit).toMatchObject({ examples: 12, epochs: 8 });
  await expect(page.getByTestId('training-extras')).toContainText('once more on all 12 examples');
  await expect(page.getByTestId('training-extras')).not.toContainText('mirror');

  await waitForEvaluation(page, run.runId);
  await goToStep(page, 'evaluate');
  await expect(page.getByTestId('evaluation-set')).toHaveAttribute('data-set', 'validation');
  await expect(page.getByTestId('evaluation-before-final-fit')).toBeVisible();

  // With mirror images on, the final round learns from the 12 photos and their 12 mirrors.
  await setSetting(page, 'epochs', 8);
  await page.getByTestId('setting-mirrorViews').check();
  await startTraining(page);
  await waitForTrainingDone(page);
  const mirrored = await summaryOf(page);
  expect(mirrored.mirrorViews).toBe(true);
  expect(mirrored.finalFit).toMatchObject({ examples: 24, epochs: 8 });
  await expect(page.getByTestId('training-extras')).toContainText('10 training photos was also learnt as a mirror image');
  await expect(page.getByTestId('training-extras')).toContainText('once more on all 24 examples');

  await setSetting(page, 'epochs', 8);
  await page.getByTestId('settings-teachable-machine').click();
  await expect(page.getByTestId('setting-mirrorViews')).not.toBeChecked();
  await expect(page.getByTestId('setting-finalFit')).not.toBeChecked();
  await expect(page.getByTestId('setting-testFraction')).toHaveValue('0');
  await startTraining(page);
  await waitForTrainingDone(page);
  const recipe = await summaryOf(page);
  expect(recipe.runId).not.toBe(run.runId);
  expect(recipe.mirrorViews).toBe(false);
  expect(recipe.finalFit).toBeNull();
  expect(recipe.epochs).toHaveLength(50);
  await expect(page.getByTestId('training-extras')).toHaveCount(0);
  await waitForEvaluation(page, recipe.runId);
  await goToStep(page, 'evaluate');
  await expect(page.getByTestId('evaluation-set')).toHaveAttribute('data-set', 'validation');
  await expect(page.getByTestId('evaluation-before-final-fit')).toHaveCount(0);

  await goToStep(page, 'train');
  await page.getByTestId('settings-reset').click();
  await expect(page.getByTestId('setting-mirrorViews')).not.toBeChecked();
  await expect(page.getByTestId('setting-finalFit')).toBeChecked();
});

test('mirror views are saved with the project: after a reload the next run sends no photo through the trunk', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await addTwoClasses(page);
  await setSetting(page, 'epochs', 3);
  await page.getByTestId('setting-mirrorViews').check();
  await startTraining(page);
  await waitForTrainingDone(page);
  expect((await page.evaluate(() => window.transferLab!.snapshot().training.embedStats))?.count).toBe(2 * PER_CLASS);
  await reloadStudio(page);
  await openApp(page);
  await setSetting(page, 'epochs', 3);
  await expect(page.getByTestId('setting-mirrorViews')).toBeChecked(); // the setting was saved too
  await startTraining(page);
  await waitForTrainingDone(page);
  expect((await page.evaluate(() => window.transferLab!.snapshot().training.embedStats))?.count).toBe(0);
  expect((await summaryOf(page)).finalFit).toMatchObject({ examples: 4 * PER_CLASS });
});
