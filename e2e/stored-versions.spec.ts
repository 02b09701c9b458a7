// A project stored by the first release (IndexedDB version 1, document schema 1) opens in today's
// app with everything in it; a stored class list the app cannot read is kept, never saved over.
import { expect, test, type Page } from '@playwright/test';
import { classCard, expectClassCount, goToStep, setSetting } from './helpers/app';
import { generateShapeImages, type GeneratedImage } from './helpers/images';
import { expectProjectReady, settle, stored } from './helpers/studio';

interface V1Class {
  id: string;
  label: string;
  imageIds: string[];
}

/**
 * Writes what the first release wrote (its upgrade function and record shapes, as in
 * src/lib/project-db-v1.fixture.ts) from a blank page of the app's origin, before the app runs.
 */
async function storeFirstReleaseProject(page: Page, classes: V1Class[], photos: Record<string, GeneratedImage>): Promise<void> {
  await page.route('**/seed-first-release.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }),
  );
  await page.goto('/seed-first-release.html');
  const images = Object.entries(photos).map(([id, photo]) => ({
    id,
    name: photo.name,
    type: photo.mimeType,
    base64: photo.buffer.toString('base64'),
  }));
  await page.evaluate(
    async ({ classes, images }) => {
      const request = indexedDB.open('transfer-lab', 1);
      request.onupgradeneeded = () => {
        const database = request.result;
        database.createObjectStore('projects', { keyPath: 'id' });
        database.createObjectStore('documents', { keyPath: 'id' });
        database.createObjectStore('runs', { keyPath: 'projectId' });
        database.createObjectStore('images', { keyPath: 'id' }).createIndex('byProject', 'projectId');
        database.createObjectStore('originals');
        database.createObjectStore('thumbnails');
        const embeddings = database.createObjectStore('embeddings', { keyPath: 'key' });
        embeddings.createIndex('byProject', 'projectId');
        embeddings.createIndex('byImage', 'imageId');
        database.createObjectStore('meta');
      };
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const settings = {
        epochs: 23,
        batchSize: 16,
        learningRate: 0.001,
        hiddenUnits: 100,
        seed: 42,
        valFraction: 0.15,
        testFraction: 0.15,
      };
      const blobs = images.map((image) => new Blob([Uint8Array.from(atob(image.base64), (c) => c.charCodeAt(0))], { type: image.type }));
      const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
      const hashes = await Promise.all(blobs.map(async (blob) => hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))));
      const now = Date.now();
      const write = database.transaction(['projects', 'documents', 'runs', 'images', 'originals', 'thumbnails', 'meta'], 'readwrite');
      write.objectStore('projects').put({
        id: 'project-old',
        name: 'Made last month',
        createdAt: now,
        updatedAt: now,
        classCount: classes.length,
        imageCount: images.length,
      });
      write.objectStore('documents').put({ id: 'project-old', schemaVersion: 1, classes, settings });
      write.objectStore('runs').put({ projectId: 'project-old', runs: [] });
      images.forEach((image, i) => {
        write.objectStore('images').put({
          id: image.id,
          projectId: 'project-old',
          name: image.name,
          type: image.type,
          sha256: hashes[i],
          width: 64,
          height: 64,
          byteSize: blobs[i].size,
        });
        write.objectStore('originals').put(blobs[i], image.id);
        write.objectStore('thumbnails').put(blobs[i], image.id);
      });
      write.objectStore('meta').put('project-old', 'currentProjectId');
      await new Promise<void>((resolve, reject) => {
        write.oncomplete = () => resolve();
        write.onerror = () => reject(write.error);
      });
      database.close();
    },
    { classes, images },
  );
}

test('a project stored by the first release opens with its classes, photos and settings', async ({ page }) => {
  const photos = await generateShapeImages(page, { shape: 'square', color: '#0369a1', count: 4, seed: 131 });
  // img-d is stored but in no class (what a stale second tab left behind): kept, not deleted.
  await storeFirstReleaseProject(
    page,
    [
      { id: 'c-ants', label: 'ants', imageIds: ['img-a', 'img-b'] },
      { id: 'c-bees', label: 'bees', imageIds: ['img-c'] },
    ],
    {
      'img-a': photos[0],
      'img-b': photos[1],
      'img-c': photos[2],
      'img-d': photos[3],
    },
  );

  await page.goto('/');
  await expectProjectReady(page);
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText('Made last month');
  await expect(classCard(page, 0)).toHaveAttribute('data-label', 'ants');
  await expect(classCard(page, 1)).toHaveAttribute('data-label', 'bees');
  await expectClassCount(page, 0, 2);
  await expectClassCount(page, 1, 1);
  await expect(classCard(page, 2)).toHaveAttribute('data-label', 'Recovered images');
  await expectClassCount(page, 2, 1);
  await expect(page.getByTestId('notice').filter({ hasText: 'in no class' })).toContainText('1 stored photo was in no class');
  await expect
    .poll(() =>
      classCard(page, 0)
        .getByTestId('thumbnail')
        .locator('img')
        .first()
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    )
    .toBeGreaterThan(0);
  await goToStep(page, 'train');
  await page.getByTestId('advanced-toggle').click();
  await expect(page.getByTestId('setting-epochs')).toHaveValue('23');

  // Editing it saves in the new format and keeps every photo.
  await setSetting(page, 'epochs', 24);
  await settle(page);
  await page.reload();
  await expectProjectReady(page);
  await expectClassCount(page, 0, 2);
  await expectClassCount(page, 2, 1);
  expect((await stored(page))?.imageCount).toBe(4);
});

test('a stored class list the app cannot read is kept: photos in "Recovered images", a message, and the list itself untouched', async ({
  page,
}) => {
  const photos = await generateShapeImages(page, { shape: 'circle', color: '#b45309', count: 2, seed: 132 });
  // Two classes with the same name: the stored-project checks refuse this list.
  const twins = [
    { id: 'c-1', label: 'cats', imageIds: ['img-a'] },
    { id: 'c-2', label: 'cats', imageIds: ['img-b'] },
  ];
  await storeFirstReleaseProject(page, twins, { 'img-a': photos[0], 'img-b': photos[1] });

  await page.goto('/');
  await expectProjectReady(page);
  await expect(page.getByTestId('notice').filter({ hasText: 'could not be read back' })).toContainText('the original list is kept');
  await expect(page.locator('[data-testid="class-card"][data-label="Recovered images"]').getByTestId('class-count')).toHaveText('2 images');
  await setSetting(page, 'epochs', 30);
  await settle(page);
  const kept = await page.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const request = indexedDB.open('transfer-lab');
        request.onsuccess = () => {
          const get = request.result.transaction('keptDocuments').objectStore('keptDocuments').get('project-old');
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
      }),
  );
  expect((kept as { document: { classes: unknown } }).document.classes).toEqual(twins);
  expect((await stored(page))?.imageCount).toBe(2);
});
