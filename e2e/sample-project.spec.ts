// A class with no photos yet: one click opens a generated sample project, which opens like any
// project (its own entry in the project list, one card per class, pictures stored) and trains.
import { expect, test } from '@playwright/test';
import { classCard, expectClassCount, openApp, setSetting, startTraining, waitForTrainingDone } from './helpers/app';

test('a sample project opens in one click, is a normal project, and trains', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await page.getByTestId('sample-set-picker').selectOption('textures-small');
  await expect(page.getByTestId('sample-set-description')).toContainText('Stripes, checks, dots');
  await page.getByTestId('open-sample-project').click();
  await expect(page.getByTestId('sample-project-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // Its own project, with the six texture classes and 20 pictures in each; the empty default classes are gone.
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText('Six textures, 20 pictures each');
  await expect(page.getByTestId('class-card')).toHaveCount(6);
  const labels = await page.getByTestId('class-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-label')));
  expect(labels).toEqual(['stripes', 'checks', 'dots', 'waves', 'rings', 'zigzag']);
  for (let i = 0; i < 6; i++) await expectClassCount(page, i, 20);
  await expect(classCard(page, 0).locator('img').first()).toBeVisible();

  await setSetting(page, 'epochs', 5);
  await startTraining(page);
  await waitForTrainingDone(page);

  // A reload brings the sample project back as it was: it is stored like any other.
  await page.reload();
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText('Six textures, 20 pictures each');
  for (let i = 0; i < 6; i++) await expectClassCount(page, i, 20);
});
