// The project file: one .zip that holds the whole project and opens again unchanged; a malformed
// or foreign file is refused with a clear message and the open project stays exactly as it was.
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
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
import { bmp, hymenopteraOddFiles } from './helpers/odd-files';
import { dismissNotices, openStudio, settle, shown, stored } from './helpers/studio';

async function saveProjectFile(page: Page): Promise<{ path: string; files: Record<string, Uint8Array>; manifest: any }> {
  await goToStep(page, 'data');
  const download = page.waitForEvent('download');
  await page.getByTestId('project-save').click();
  const path = await (await download).path();
  const files = unzipSync(new Uint8Array(await readFile(path)));
  return { path, files, manifest: JSON.parse(strFromU8(files['manifest.json'])) };
}

/** A manifest's content with the parts that legitimately change (ids, file paths, save time) left out. */
function comparable(manifest: any) {
  return {
    format: manifest.format,
    schemaVersion: manifest.schemaVersion,
    classes: manifest.classes.map((c: any) => ({
      label: c.label,
      images: c.images.map(({ name, type, sha256, width, height }: any) => ({ name, type, sha256, width, height })),
    })),
    settings: manifest.settings,
    runs: manifest.runs,
  };
}

/** Each image's embedding per trunk, keyed by content hash so that fresh ids do not matter. */
function embeddingsByHash(file: { files: Record<string, Uint8Array>; manifest: any }) {
  const hashOf = new Map<string, string>(file.manifest.classes.flatMap((c: any) => c.images.map((i: any) => [i.id, i.sha256])));
  return file.manifest.embeddings.map((set: any) => {
    const bytes = file.files[set.file];
    const values = new Float32Array(bytes.slice().buffer);
    return {
      trunkId: set.trunkId,
      rows: Object.fromEntries(
        set.imageIds.map((id: string, i: number) => [
          hashOf.get(id),
          Array.from(values.subarray(i * set.dimension, (i + 1) * set.dimension)),
        ]),
      ),
    };
  });
}

test('a project file round-trips losslessly: classes, images, settings, runs and embeddings', async ({ page }) => {
  await openApp(page);
  await renameClass(page, 0, '개미 ants');
  await renameClass(page, 1, '<b>bees</b> 🐝');
  const ants = await generateShapeImages(page, { shape: 'triangle', color: '#92400e', count: 6, seed: 101, type: 'image/jpeg' });
  const bees = await generateShapeImages(page, { shape: 'circle', color: '#facc15', count: 5, seed: 102 });
  const odd = hymenopteraOddFiles() ?? [];
  await uploadImages(page, 0, [...ants, ...odd.map((f) => ({ name: f.path, mimeType: f.type!, buffer: Buffer.from(f.bytes) }))]);
  await uploadImages(page, 1, [...bees, { name: 'bee.bmp', mimeType: 'image/bmp', buffer: bmp(48, 32) }]);
  await expectClassCount(page, 0, 6 + odd.length);
  await expectClassCount(page, 1, 6);
  await setSetting(page, 'epochs', 4);
  await setSetting(page, 'seed', 7);
  await startTraining(page);
  await waitForTrainingDone(page);
  await settle(page);
  const before = await shown(page);
  const first = await saveProjectFile(page);
  expect(first.manifest).toMatchObject({ format: 'transfer-lab-project', schemaVersion: 1, project: { name: 'My first project' } });
  expect(first.manifest.runs).toHaveLength(1);
  expect(first.manifest.runs[0]).toMatchObject({ status: 'done', totalEpochs: 4, labels: ['개미 ants', '<b>bees</b> 🐝'] });
  expect(first.manifest.embeddings).toHaveLength(1);
  expect(first.manifest.embeddings[0].imageIds).toHaveLength(12 + odd.length);

  await page.getByTestId('project-open-input').setInputFiles(first.path);
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText('My first project (2)');
  const after = await shown(page);
  expect(after.projectId).not.toBe(before.projectId);
  const strip = (view: typeof before) =>
    view.classes.map((c) => ({
      label: c.label,
      images: c.images.map(({ name, sha256, width, height }) => ({ name, sha256, width, height })),
    }));
  expect(strip(after)).toEqual(strip(before));
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('learning-curve-chart')).toHaveAttribute('data-epochs', '4');
  await goToStep(page, 'train');
  await page.getByTestId('advanced-toggle').click();
  await expect(page.getByTestId('setting-seed')).toHaveValue('7');
  await goToStep(page, 'data');
  await expect(classCard(page, 0).getByTestId('thumbnail')).toHaveCount(6 + odd.length);

  // Saved again from the opened copy: the same project, byte for byte where it matters.
  await settle(page);
  const second = await saveProjectFile(page);
  expect(comparable(second.manifest)).toEqual(comparable(first.manifest));
  expect(embeddingsByHash(second)).toEqual(embeddingsByHash(first));
  const bytesByHash = (file: typeof first) =>
    Object.fromEntries(
      file.manifest.classes.flatMap((c: any) => c.images.map((i: any) => [i.sha256, Buffer.from(file.files[i.file]).toString('base64')])),
    );
  expect(bytesByHash(second)).toEqual(bytesByHash(first));

  // The embeddings came with the file: training the opened copy sends no image through the trunk.
  await goToStep(page, 'train');
  await page.getByTestId('train-button').click();
  await waitForTrainingDone(page);
  const snapshot = await page.evaluate(() => window.transferLab!.snapshot());
  expect(snapshot.training.embedStats?.count).toBe(0);
});

test('a malformed or foreign file is refused with a clear message, and nothing changes', async ({ page }) => {
  await openStudio(page);
  const images = await generateShapeImages(page, { shape: 'square', color: '#0f766e', count: 3, seed: 111 });
  await uploadImages(page, 0, images);
  await expectClassCount(page, 0, 3);
  await settle(page);
  const good = await saveProjectFile(page);
  const before = await shown(page);
  const projectsBefore = await page.evaluate(() => window.transferLabStudio!.storedProjects());

  const withManifest = (manifest: unknown) =>
    Buffer.from(zipSync({ ...good.files, 'manifest.json': strToU8(typeof manifest === 'string' ? manifest : JSON.stringify(manifest)) }));
  const firstImage = good.manifest.classes[0].images[0].file;
  const tampered = { ...good.files, [firstImage]: good.files[firstImage].slice(0, -10) };
  const cases: [string, Buffer, RegExp][] = [
    [
      'holiday.zip',
      Buffer.from('this is not a zip at all, just text'),
      /"holiday\.zip" is not a Transfer Lab project file: it is not a zip archive, or the archive is damaged \(no end-of-archive record\)\./,
    ],
    [
      'dataset.zip',
      Buffer.from(zipSync({ 'ants/a.png': new Uint8Array(images[0].buffer) })),
      /not a Transfer Lab project file: it has no manifest\.json/,
    ],
    [
      'model.zip',
      Buffer.from(zipSync({ 'model.json': strToU8('{}'), 'metadata.json': strToU8('{}'), 'weights.bin': new Uint8Array(8) })),
      /This is an exported model/,
    ],
    ['other-app.zip', withManifest({ name: 'my dataset', version: 3 }), /does not say "format": "transfer-lab-project"/],
    ['future.zip', withManifest({ ...good.manifest, schemaVersion: 2 }), /saved by a newer Transfer Lab \(project schema 2/],
    ['broken-json.zip', withManifest('{"format": "transfer-lab-project",'), /manifest\.json is not valid JSON/],
    [
      'bad-field.zip',
      withManifest({ ...good.manifest, classes: [{ ...good.manifest.classes[0], label: '' }, good.manifest.classes[1]] }),
      /classes\[0\]\.label must not be empty/,
    ],
    ['tampered.zip', Buffer.from(zipSync(tampered)), /does not match its checksum/],
  ];
  for (const [name, buffer, message] of cases) {
    await page.getByTestId('project-open-input').setInputFiles({ name, mimeType: 'application/zip', buffer });
    await expect(page.getByTestId('notice').last()).toHaveText(message);
    await expect(page.getByTestId('notice').last()).toHaveAttribute('role', 'alert');
    await dismissNotices(page);
  }
  expect(await shown(page)).toEqual(before);
  expect(await page.evaluate(() => window.transferLabStudio!.storedProjects())).toEqual(projectsBefore);
  expect((await stored(page))?.imageCount).toBe(3);
  await expect(page.getByTestId('project-select').locator('option')).toHaveCount(1);
});
