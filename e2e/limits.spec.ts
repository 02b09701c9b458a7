// Limits before allocation and faults that cost nothing: a zip bomb picked for a class is refused
// from its directory with a message naming it and the limit; images whose size only a closer
// look at the header reveals are refused; an inspection worker that dies fails its files with a
// message and the next import works; a photo that cannot be decoded while training is marked and kept.
import { expect, test } from '@playwright/test';
import {
  classCard,
  expectClassCount,
  goToStep,
  openApp,
  setSetting,
  startTraining,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { dismissNotices, openStudio, reloadStudio, settle, shown, skippedSummary, stored } from './helpers/studio';
import { zerosBomb } from './helpers/zip-bomb';

test('a zip bomb picked for a class is refused by name and limit, and the page stays usable', async ({ page }) => {
  await openStudio(page);
  // 1,500 entries of 1 MB of zeros, 1.7 MB on disk: the zip measured on the old main.
  const bomb = Buffer.from(zerosBomb());
  await classCard(page, 0).getByTestId('class-file-input').setInputFiles({ name: 'bomb.zip', mimeType: 'application/zip', buffer: bomb });
  const summary = await skippedSummary(page);
  expect(summary.text).toBe('1 of 1 file skipped:');
  expect(summary.details).toEqual(['bomb.zip: was not unpacked: its 1,500 files would take 1.5 GB unpacked; the limit is 1.0 GB.']);
  await expectClassCount(page, 0, 0);
  // Still usable: a real photo goes in, and a rename answers.
  const [photo] = await generateShapeImages(page, { shape: 'circle', color: '#059669', count: 1, seed: 5 });
  await uploadImages(page, 0, [photo]);
  await expectClassCount(page, 0, 1);
});

/** Bytes from numbers and latin1 strings. */
function bytes(...parts: (number[] | string)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
}
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
function box(type: string, ...body: Buffer[]): Buffer {
  const inner = Buffer.concat(body);
  return Buffer.concat([Buffer.from(u32be(8 + inner.length)), Buffer.from(type, 'latin1'), inner]);
}

test('oversized images whose size the plain header hides are refused before decoding', async ({ page }) => {
  await openStudio(page);
  // Headers only (no pixel data): each declares more than 100 megapixels where the old size
  // reader did not look. JPEG: one stray byte before the frame header (libjpeg skips it).
  const jpeg = bytes(
    [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10],
    'JFIF',
    [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0x00],
    [0xff, 0xc0, 0x00, 0x11, 0x08, 0x2a, 0xf8, 0x2a, 0xf8, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [0xff, 0xd9],
  );
  // GIF: a 1x1 screen whose first frame is 12000 x 9000.
  const gif = bytes(
    'GIF89a',
    [1, 0, 1, 0, 0x80, 0, 0],
    [0, 0, 0, 255, 255, 255],
    [0x2c, 0, 0, 0, 0, 0xe0, 0x2e, 0x28, 0x23, 0, 2, 2, 0x4c, 0x01, 0, 0x3b],
  );
  // AVIF: Chromium cannot encode AVIF, so a minimal file: ftyp, and meta > iprp > ipco > ispe of 20000 x 10000.
  const ispe = box('ispe', Buffer.from([0, 0, 0, 0, ...u32be(20000), ...u32be(10000)]));
  const avif = Buffer.concat([
    box('ftyp', Buffer.from('avif\0\0\0\0mif1avif', 'latin1')),
    box('meta', Buffer.from([0, 0, 0, 0]), box('iprp', box('ipco', ispe))),
  ]);
  await classCard(page, 0)
    .getByTestId('class-file-input')
    .setInputFiles([
      { name: 'stray-byte.jpg', mimeType: 'image/jpeg', buffer: jpeg },
      { name: 'big-frame.gif', mimeType: 'image/gif', buffer: gif },
      { name: 'huge.avif', mimeType: 'image/avif', buffer: avif },
    ]);
  const summary = await skippedSummary(page);
  expect(summary.details.sort()).toEqual([
    'big-frame.gif: too large to decode safely (12000x9000 pixels; the limit is 100 megapixels)',
    'huge.avif: too large to decode safely (20000x10000 pixels; the limit is 100 megapixels)',
    'stray-byte.jpg: too large to decode safely (11000x11000 pixels; the limit is 100 megapixels)',
  ]);
  await expectClassCount(page, 0, 0);
});

test('an inspection worker that dies fails its files with a message, and the next import works', async ({ page }) => {
  await openStudio(page);
  const photos = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 3, seed: 9 });
  // The worker's script cannot load (as after an update removed it): the worker dies at once.
  await page.route('**/image-inspect.worker*', (route) => route.abort());
  await uploadImages(page, 0, photos.slice(0, 2));
  const summary = await skippedSummary(page);
  expect(summary.text).toBe('2 of 2 files skipped:');
  for (const line of summary.details) expect(line).toMatch(/: could not be checked: the image checker stopped \(.*\); add it again$/);
  await expectClassCount(page, 0, 0);
  await page.unroute('**/image-inspect.worker*');
  await dismissNotices(page);
  await uploadImages(page, 0, photos);
  await expectClassCount(page, 0, 3);
});

test('a photo that cannot be decoded while training is marked and kept, and training skips it', async ({ page }) => {
  await openApp(page);
  const circles = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 4, seed: 1 });
  const squares = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 4, seed: 2 });
  await uploadImages(page, 0, circles);
  await uploadImages(page, 1, squares);
  await expectClassCount(page, 0, 4);
  await expectClassCount(page, 1, 4);
  await settle(page);
  // The stored original of one photo is damaged (a disk error, a storage bug): it passed every
  // check when added, but can no longer be decoded.
  const damaged = (await shown(page)).classes[0].images[1];
  await page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('transfer-lab');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('originals', 'readwrite');
      tx.objectStore('originals').put(
        new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8])], { type: 'image/jpeg' }),
        id,
      );
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, damaged.id);
  await setSetting(page, 'epochs', 5);
  await startTraining(page);
  await waitForTrainingDone(page);
  const notice = page.getByTestId('notice').filter({ hasText: '1 photo could not be read and was skipped in training' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(`${damaged.name} (class "Class 1")`);
  // The report scores the photos that could be read (the marked one has no embedding).
  await expect(page.getByTestId('evaluation-panel')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('evaluation-error')).toHaveCount(0);
  // Kept: still in its class, marked, and still stored after a reload.
  // The photos are on the Data step (training moved to the Train step; the grid draws only when shown).
  await goToStep(page, 'data');
  await expectClassCount(page, 0, 4);
  await expect(classCard(page, 0).getByTestId('class-unreadable-count')).toHaveText('1 could not be read');
  await expect(classCard(page, 0).locator(`[data-image-id="${damaged.id}"]`).getByTestId('thumbnail-unreadable')).toBeVisible();
  await reloadStudio(page);
  await expectClassCount(page, 0, 4);
  expect((await stored(page))!.classes[0].imageIds).toContain(damaged.id);
});
