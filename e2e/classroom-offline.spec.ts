// Offline after one visit: the service worker (Workbox) has stored the app, its wasm binaries and
// the default trunk; with the network off a reload still opens the app, which then takes photos,
// trains, tries and exports. The only spec that lets the service worker run (playwright.config.ts).
import { expect, test } from '@playwright/test';
import { expectClassCount, openApp, setSetting, startTraining, tryImage, uploadImages, waitForTrainingDone } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { downloadExport } from './helpers/interop';

test.use({ serviceWorkers: 'allow' });

test('load once, go offline, reload: photos, training, Try-it and export all work', async ({ page, context }) => {
  await openApp(page);
  await expect(page.getByTestId('offline-status')).toBeVisible({ timeout: 120_000 });
  const stored = await page.evaluate(async () => ({
    trunk: (await caches.match('models/mobilenet_v2_0.35_224/trunk.bin', { ignoreSearch: true })) !== undefined,
    wasm:
      (await caches.keys()).length > 0 &&
      (
        await Promise.all(
          (await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).some((r) => r.url.endsWith('.wasm'))),
        )
      ).some(Boolean),
  }));
  expect(stored).toEqual({ trunk: true, wasm: true });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 6, seed: 91 });
  await uploadImages(page, 0, circles);
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 6, seed: 92 }));
  await expectClassCount(page, 1, 6);
  await setSetting(page, 'epochs', 6);
  await startTraining(page);
  await waitForTrainingDone(page);
  const probe = (await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 1, seed: 93 }))[0];
  expect(await tryImage(page, probe)).toBe('Class 1');
  // The full model and the standalone example (which bundles tf.min.js, also stored) download offline.
  expect((await downloadExport(page, 'full')).name).toBe('transfer-lab-model.zip');
  const example = await downloadExport(page, 'example');
  expect(Object.keys(example.files)).toContain('tf.min.js');
  await context.setOffline(false);
});
