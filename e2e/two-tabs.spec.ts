// Two tabs on one project (issue #12): only one of them may write. Before the fix the tab that
// saved last wrote its stale class list, and that save deleted every stored photo the list did not
// mention: 5 photos added in tab A were gone for good after tab B changed Epochs.
import { expect, test, type Page } from '@playwright/test';
import { expectClassCount, goToStep, openApp, setSetting, startTraining, uploadImages } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { expectProjectReady, named, openStudio, pasteImages, settle, skippedSummary, stored } from './helpers/studio';

/** Clicks "Edit here instead" when this tab shows the project read-only. */
async function editHereIfReadOnly(page: Page): Promise<void> {
  const takeOver = page.getByTestId('edit-here-instead');
  if (await takeOver.isVisible()) {
    await takeOver.click();
    await expect(page.getByTestId('readonly-banner')).toHaveCount(0);
  }
}

test('a second tab on the same project never costs a photo (the steps of issue #12)', async ({ page: tabA, context }) => {
  await openStudio(tabA);
  const tabB = await context.newPage();
  await openStudio(tabB);

  const photos = await generateShapeImages(tabA, { shape: 'triangle', color: '#15803d', count: 5, seed: 121 });
  await editHereIfReadOnly(tabA);
  await uploadImages(tabA, 0, photos);
  await expectClassCount(tabA, 0, 5);
  await settle(tabA);

  await editHereIfReadOnly(tabB);
  await setSetting(tabB, 'epochs', 7);
  await settle(tabB);

  await tabA.reload();
  await expectProjectReady(tabA);
  await expectClassCount(tabA, 0, 5);
  await tabA.reload();
  await expectProjectReady(tabA);
  await expectClassCount(tabA, 0, 5);
  expect((await stored(tabA))?.imageCount).toBe(5);
  await expectClassCount(tabB, 0, 5);
  await goToStep(tabB, 'train');
  await tabB.getByTestId('advanced-toggle').click();
  await expect(tabB.getByTestId('setting-epochs')).toHaveValue('7');
});

test('one tab edits, the other is read-only, kept fresh, and can take over', async ({ page: tabA, context }) => {
  await openStudio(tabA);
  await expect(tabA.getByTestId('readonly-banner')).toHaveCount(0);
  const tabB = await context.newPage();
  await openStudio(tabB);

  // B opened second: it shows the project but cannot change it.
  const bannerB = tabB.getByTestId('readonly-banner');
  await expect(bannerB).toContainText('This project is open in another tab');
  await expect(tabB.getByTestId('add-class')).toBeDisabled();
  await expect(tabB.getByTestId('class-file-input').first()).toBeDisabled();
  await expect(tabB.getByTestId('train-button')).toBeDisabled();

  // What A saves shows up in B without a reload.
  const photos = await generateShapeImages(tabA, { shape: 'circle', color: '#7c3aed', count: 3, seed: 122 });
  await uploadImages(tabA, 1, photos);
  await expectClassCount(tabA, 1, 3);
  await settle(tabA);
  await expectClassCount(tabB, 1, 3);

  // A paste in B adds nothing: B may not write to the project, and says why.
  const pasted = await generateShapeImages(tabB, { shape: 'square', color: '#be185d', count: 1, seed: 123 });
  await pasteImages(tabB.locator('body'), named(pasted, 'clipboard'));
  expect((await skippedSummary(tabB)).details.join('\n')).toContain('open for editing in another tab');
  expect((await stored(tabA))?.imageCount).toBe(3);

  // B takes over: A becomes read-only and says so; B's edits are saved and reach A.
  await tabB.getByTestId('edit-here-instead').click();
  await expect(bannerB).toHaveCount(0);
  await expect(tabA.getByTestId('readonly-banner')).toContainText('This project is open in another tab');
  await expect(tabA.getByTestId('add-class')).toBeDisabled();
  await setSetting(tabB, 'epochs', 9);
  await settle(tabB);
  await goToStep(tabA, 'train');
  await tabA.getByTestId('advanced-toggle').click();
  await expect(tabA.getByTestId('setting-epochs')).toHaveValue('9');
  await expect(tabA.getByTestId('setting-epochs')).toBeDisabled();
  await expectClassCount(tabA, 1, 3);

  // Closing the tab that edits lets the other one edit again, by a click.
  await tabB.close();
  await tabA.getByTestId('edit-here-instead').click();
  await expect(tabA.getByTestId('readonly-banner')).toHaveCount(0);
  await expect(tabA.getByTestId('add-class')).toBeEnabled();
  expect((await stored(tabA))?.imageCount).toBe(3);
});

test('taking over from a tab that is training stops the run there and keeps its curve', async ({ page: tabA, context }) => {
  await openApp(tabA);
  await uploadImages(tabA, 0, await generateShapeImages(tabA, { shape: 'circle', color: '#dc2626', count: 4, seed: 124 }));
  await uploadImages(tabA, 1, await generateShapeImages(tabA, { shape: 'square', color: '#2563eb', count: 4, seed: 125 }));
  await expectClassCount(tabA, 1, 4);
  // A long run (500 epochs, one image per step), so that it is still going when B takes over.
  await setSetting(tabA, 'epochs', 500);
  await setSetting(tabA, 'batchSize', 1);
  const tabB = await context.newPage();
  await openStudio(tabB);
  await expect(tabB.getByTestId('readonly-banner')).toBeVisible();
  await startTraining(tabA);
  await expect(tabA.getByTestId('training-status')).toHaveAttribute('data-status', 'training', { timeout: 120_000 });
  await tabB.getByTestId('edit-here-instead').click();
  await expect(tabB.getByTestId('readonly-banner')).toHaveCount(0);
  await expect(tabA.getByTestId('readonly-banner')).toBeVisible();
  await expect(tabA.getByTestId('training-status')).not.toHaveAttribute('data-status', 'training');
  await expect(tabA.getByTestId('notice').filter({ hasText: 'training here was stopped' })).toBeVisible();
  // The run is stored as ended (stopped, or interrupted if the stop came too late), with its epochs.
  await settle(tabB);
  const run = (await stored(tabB))?.runs.at(-1);
  expect(['stopped', 'interrupted']).toContain(run?.status);
  expect(run?.epochs.length).toBeGreaterThan(0);
  expect((await stored(tabB))?.imageCount).toBe(8);
});
