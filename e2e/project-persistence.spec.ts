// Nothing is lost: the project autosaves to IndexedDB and a reload brings it back exactly; several
// projects live side by side; a full disk gets a clear message and keeps what was saved.
import { expect, test } from '@playwright/test';
import {
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
import { generateShapeImages } from './helpers/images';
import { dismissNotices, expectProjectReady, openStudio, reloadStudio, settle, shown, shownNames, stored } from './helpers/studio';

test('a reload restores classes, images in order, thumbnails and settings exactly', async ({ page }) => {
  await openStudio(page);
  await renameClass(page, 0, '개미 ants');
  await renameClass(page, 1, 'bees 🐝');
  const ants = await generateShapeImages(page, { shape: 'triangle', color: '#92400e', count: 7, seed: 71 });
  const bees = await generateShapeImages(page, { shape: 'circle', color: '#facc15', count: 4, seed: 72, type: 'image/jpeg' });
  await uploadImages(page, 0, ants);
  await uploadImages(page, 1, bees);
  await expectClassCount(page, 0, 7);
  await setSetting(page, 'epochs', 33);
  await setSetting(page, 'learningRate', 0.0025);
  await settle(page);
  const before = await shown(page);

  await reloadStudio(page);
  const after = await shown(page);
  expect(after).toEqual(before);
  // The reload opens the step it left (#train in the address); the photos are on Data.
  await goToStep(page, 'data');
  await expect(classCard(page, 0).getByTestId('thumbnail')).toHaveCount(7);
  await expect
    .poll(() =>
      classCard(page, 0)
        .getByTestId('thumbnail')
        .locator('img')
        .first()
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    )
    .toBe(96);
  await goToStep(page, 'train');
  await page.getByTestId('advanced-toggle').click();
  await expect(page.getByTestId('setting-epochs')).toHaveValue('33');
  await expect(page.getByTestId('setting-learningRate')).toHaveValue('0.0025');
  await expect(page.getByTestId('save-status')).toHaveText('Saved in this browser');
});

test('projects: new, rename, switch between, delete', async ({ page }) => {
  await openStudio(page);
  const select = page.getByTestId('project-select');
  await expect(select.locator('option')).toHaveText(['My first project']);
  const [first] = await generateShapeImages(page, { shape: 'square', color: '#059669', count: 1, seed: 81 });
  await uploadImages(page, 0, [first]);
  await expectClassCount(page, 0, 1);

  await page.getByTestId('project-new').click();
  await expect(select.locator('option')).toHaveText(['My first project', 'Untitled project']);
  await expect(select.locator('option:checked')).toHaveText('Untitled project');
  await expectClassCount(page, 0, 0);
  await page.getByTestId('project-rename').click();
  await page.getByTestId('project-name-input').fill('   ');
  await page.getByTestId('project-name-save').click();
  await expect(page.getByTestId('project-name-error')).toHaveText('A project needs a name.');
  await page.getByTestId('project-name-input').fill('Birds 새');
  await page.getByTestId('project-name-save').click();
  await expect(select.locator('option:checked')).toHaveText('Birds 새');
  const birds = await generateShapeImages(page, { shape: 'triangle', color: '#0ea5e9', count: 2, seed: 82 });
  await uploadImages(page, 1, birds);
  await expectClassCount(page, 1, 2);
  // The same image may be in two projects: duplicates are checked per project.
  await uploadImages(page, 0, [first]);
  await expectClassCount(page, 0, 1);
  await expect(page.getByTestId('notice')).toHaveCount(0);

  await select.selectOption({ label: 'My first project' });
  await expect(select.locator('option:checked')).toHaveText('My first project');
  await expectClassCount(page, 0, 1);
  await expectClassCount(page, 1, 0);
  await reloadStudio(page);
  await expect(select.locator('option:checked')).toHaveText('My first project');

  await select.selectOption({ label: 'Birds 새' });
  await expectClassCount(page, 1, 2);
  await page.getByTestId('project-delete').click();
  await page.getByTestId('project-delete-confirm').click();
  await expect(select.locator('option')).toHaveText(['My first project']);
  await expectClassCount(page, 0, 1);
  await reloadStudio(page);
  await expect(select.locator('option')).toHaveText(['My first project']);
});

test('storage full: a clear message, and what was saved stays saved', async ({ page, context }) => {
  // Chromium fixes an origin's quota when its storage is first opened: shrink it before the app starts.
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1_500_000 });
  await openStudio(page);
  const small = await generateShapeImages(page, { shape: 'circle', color: '#be123c', count: 3, seed: 91 });
  await uploadImages(page, 0, small);
  await expectClassCount(page, 0, 3);
  await renameClass(page, 0, 'kept');
  await settle(page);

  // Photos of pure noise do not compress: a dozen of them cannot fit in what is left.
  const noise = await page.evaluate(async () => {
    const files: { name: string; base64: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const canvas = new OffscreenCanvas(360, 360);
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.createImageData(360, 360);
      for (let k = 0; k < pixels.data.length; k++) pixels.data[k] = k % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
      ctx.putImageData(pixels, 0, 0);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let binary = '';
      for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
      files.push({ name: `noise-${i}.png`, base64: btoa(binary) });
    }
    return files;
  });
  await uploadImages(
    page,
    1,
    noise.map((n) => ({ name: n.name, mimeType: 'image/png', buffer: Buffer.from(n.base64, 'base64') })),
  );
  const error = page.getByTestId('notice').filter({ hasText: 'Browser storage is full' }).first();
  await expect(error).toContainText('Everything saved before is still there.');
  await expect(page.getByTestId('notice').filter({ hasText: /files? skipped/ })).toContainText('not added: browser storage is full');
  await expectClassCount(page, 0, 3);
  const kept = (await shownNames(page))['Class 2'].length;
  expect(kept).toBeLessThan(noise.length);

  await dismissNotices(page);
  await reloadStudio(page);
  await expect(classCard(page, 0)).toHaveAttribute('data-label', 'kept');
  await expectClassCount(page, 0, 3);
  await expectClassCount(page, 1, kept);
  expect((await stored(page))?.imageCount).toBe(3 + kept);
});

test('a reload in the middle of training keeps the finished epochs and shows the run as interrupted', async ({ page }) => {
  await openApp(page);
  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 8, seed: 121 });
  const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 8, seed: 122 });
  await uploadImages(page, 0, circles);
  await uploadImages(page, 1, squares);
  await expectClassCount(page, 1, 8);
  // Many small batches: a long run, so the reload lands in the middle of it.
  await setSetting(page, 'epochs', 500);
  await setSetting(page, 'batchSize', 1);
  await startTraining(page);
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'training');
  await expect.poll(async () => (await stored(page))?.runs.at(-1)?.epochs.length ?? 0, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  const savedBefore = (await stored(page))!.runs.at(-1)!;
  expect(savedBefore.status).toBe('running');

  await page.reload();
  await expectProjectReady(page);
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-status', 'interrupted');
  await expect(status).toHaveText(/^Interrupted after \d+ of 500 epochs: the page was closed or reloaded during training\.$/);
  const restored = (await page.evaluate(() => window.transferLab!.snapshot())).training.epochs;
  expect(restored.length).toBeGreaterThanOrEqual(savedBefore.epochs.length);
  expect(restored.slice(0, savedBefore.epochs.length)).toEqual(savedBefore.epochs);
  await expect(page.getByTestId('learning-curve-chart')).toHaveAttribute('data-epochs', String(restored.length));
  await settle(page);
  const afterReload = await stored(page);
  expect(afterReload?.runs.at(-1)?.status).toBe('interrupted');
  // Embeddings are stored under the trunk's content: its id and a SHA-256 of its weights.
  expect(afterReload?.embeddings).toEqual([{ trunkId: expect.stringMatching(/^mobilenet_v2_0\.35_224#sha256:[0-9a-f]{64}$/), count: 16 }]);

  // Training again reuses the stored embeddings: no image goes through the trunk again.
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await setSetting(page, 'epochs', 3);
  await setSetting(page, 'batchSize', 16);
  await startTraining(page);
  await waitForTrainingDone(page);
  expect((await page.evaluate(() => window.transferLab!.snapshot())).training.embedStats?.count).toBe(0);
  await settle(page);
  expect((await stored(page))?.runs.map((r) => r.status)).toEqual(['interrupted', 'done']);
});
