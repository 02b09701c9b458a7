// Every way a user brings images: files and folders on a class, a folder or zip of class folders
// on the app, file and folder pickers, paste, and the webcam (Chromium's fake camera).
import { expect, test } from '@playwright/test';
import { classCard, expectClassCount, uploadImages } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import {
  classByLabel,
  dropFiles,
  dropFolders,
  named,
  openStudio,
  pasteImages,
  settle,
  shownNames,
  writeTree,
  zipOf,
} from './helpers/studio';

test('files, folders and zips dropped or picked on a class all land in that class', async ({ page }) => {
  await openStudio(page);
  const reds = await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 9, seed: 11 });
  const blues = await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 6, seed: 12, type: 'image/jpeg' });

  // Plain files, dropped and picked.
  await dropFiles(classCard(page, 0).getByTestId('class-dropzone'), named(reds.slice(0, 2), 'x'));
  await expectClassCount(page, 0, 2);
  await uploadImages(page, 0, [reds[2]]);
  await expectClassCount(page, 0, 3);

  // A folder with a subfolder dropped on a class: every image inside, recursively.
  await dropFolders(classCard(page, 0).getByTestId('class-dropzone'), [
    ...named(reds.slice(3, 5), 'trip'),
    ...named(reds.slice(5, 6), 'trip/day 2'),
  ]);
  await expectClassCount(page, 0, 6);

  // A folder picked with the class's folder picker (webkitdirectory; paths come from webkitRelativePath).
  const dir = test.info().outputPath('picked');
  await writeTree(dir, [...named(blues.slice(0, 2), 'more'), ...named(blues.slice(2, 3), 'more/nested')]);
  await classCard(page, 1).getByTestId('class-folder-input').setInputFiles(dir);
  await expectClassCount(page, 1, 3);

  // A zip dropped on a class: its images, whatever their folders, go into that class.
  await dropFiles(classCard(page, 1).getByTestId('class-dropzone'), [
    { path: 'squares.zip', bytes: zipOf(named(blues.slice(3, 6), 'a/b')), type: 'application/zip' },
  ]);
  await expectClassCount(page, 1, 6);
  await expect(page.getByTestId('notice')).toHaveCount(0);

  await settle(page);
  const names = await shownNames(page);
  expect(names['Class 1']).toEqual(reds.slice(0, 6).map((r) => r.name));
  expect(names['Class 2']).toEqual([...blues.slice(0, 6).map((b) => b.name)]);
});

test('a folder of class subfolders makes one class per subfolder, by drop, picker or zip', async ({ page }) => {
  await openStudio(page);
  const ants = await generateShapeImages(page, { shape: 'triangle', color: '#92400e', count: 4, seed: 21 });
  const bees = await generateShapeImages(page, { shape: 'circle', color: '#facc15', count: 4, seed: 22, type: 'image/jpeg' });
  const wasps = await generateShapeImages(page, { shape: 'square', color: '#111827', count: 3, seed: 23 });

  // Dropped on the classes area: "insects/ants", "insects/bees" become classes; the app's unused
  // "Class 1"/"Class 2" go; a loose file in the wrapper folder is reported, not guessed.
  await dropFolders(page.getByTestId('dataset-dropzone'), [
    ...named(ants.slice(0, 2), 'insects/ants'),
    ...named(bees.slice(0, 2), 'insects/bees'),
    ...named(bees.slice(2, 3), 'insects/bees/close-ups'),
    { path: 'insects/notes.png', bytes: wasps[0].buffer, type: 'image/png' },
  ]);
  await expect(page.getByTestId('class-card')).toHaveCount(2);
  await expect(classByLabel(page, 'ants').getByTestId('class-count')).toHaveText('2 images');
  await expect(classByLabel(page, 'bees').getByTestId('class-count')).toHaveText('3 images');
  await expect(page.getByTestId('notice')).toContainText('1 of 6 files skipped');
  await expect(page.getByTestId('notice')).toContainText('insects/notes.png: not inside a class folder');

  // Picked with the folder picker: an existing class is filled, a new one created.
  const dir = test.info().outputPath('dataset');
  await writeTree(dir, [...named(ants.slice(2, 4), 'ants'), ...named(wasps.slice(1, 2), 'wasps')]);
  await page.getByTestId('import-folder-input').setInputFiles(dir);
  await expect(classByLabel(page, 'ants').getByTestId('class-count')).toHaveText('4 images');
  await expect(classByLabel(page, 'wasps').getByTestId('class-count')).toHaveText('1 image');

  // A zip of class folders, picked and dropped.
  await page.getByTestId('import-zip-input').setInputFiles({
    name: 'more.zip',
    mimeType: 'application/zip',
    buffer: zipOf([...named(wasps.slice(2, 3), 'wasps'), ...named(bees.slice(3, 4), 'bees')]),
  });
  await expect(classByLabel(page, 'wasps').getByTestId('class-count')).toHaveText('2 images');
  await expect(classByLabel(page, 'bees').getByTestId('class-count')).toHaveText('4 images');
  const hornets = await generateShapeImages(page, { shape: 'circle', color: '#ea580c', count: 2, seed: 24 });
  await dropFiles(page.getByTestId('dataset-dropzone'), [
    { path: 'hornets.zip', bytes: zipOf(named(hornets, 'export/hornets')), type: 'application/zip' },
  ]);
  await expect(classByLabel(page, 'hornets').getByTestId('class-count')).toHaveText('2 images');

  // Dropped anywhere else on the page: the same import (and the browser does not open the file instead).
  const moths = await generateShapeImages(page, { shape: 'triangle', color: '#78716c', count: 2, seed: 25 });
  await dropFolders(page.locator('h1'), named(moths, 'moths'));
  await expect(classByLabel(page, 'moths').getByTestId('class-count')).toHaveText('2 images');
  expect(page.url()).toMatch(/\/$/);

  await settle(page);
  expect(Object.keys(await shownNames(page))).toEqual(['ants', 'bees', 'wasps', 'hornets', 'moths']);
});

test('a pasted image goes into the class that has the focus, or the highlighted one', async ({ page }) => {
  await openStudio(page);
  const [shot, photo] = await generateShapeImages(page, { shape: 'square', color: '#16a34a', count: 2, seed: 31 });
  // Focus in the second card: the paste goes there.
  await classCard(page, 1).getByTestId('class-name-input').focus();
  await pasteImages(page.locator('body'), [{ path: 'image.png', bytes: shot.buffer, type: 'image/png' }]);
  await expectClassCount(page, 1, 1);
  await expectClassCount(page, 0, 0);
  const names = await shownNames(page);
  expect(names['Class 2'][0]).toMatch(/^pasted-.*\.png$/);
  // Clicking the first card makes it the target of the next paste, even with focus outside.
  await classCard(page, 0).getByTestId('class-count').click();
  await expect(classCard(page, 0)).toHaveAttribute('data-active', 'true');
  await page.locator('h1').click();
  await pasteImages(page.locator('body'), [{ path: 'image.png', bytes: photo.buffer, type: 'image/png' }]);
  await expectClassCount(page, 0, 1);
  // Pasting text into a name field stays a text paste.
  await classCard(page, 0).getByTestId('class-name-input').focus();
  await page.keyboard.insertText(' extra');
  await expect(classCard(page, 0).getByTestId('class-name-input')).toHaveValue('Class 1 extra');
});

test('the webcam records a burst into a class while the button is held', async ({ page }) => {
  await openStudio(page);
  await classCard(page, 1).getByTestId('webcam-open').click();
  const panel = classCard(page, 1).getByTestId('webcam-panel');
  await expect(panel).toHaveAttribute('data-state', 'live');
  const preview = panel.getByTestId('webcam-preview');
  await expect.poll(() => preview.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);
  // The preview is mirrored, like a mirror.
  expect(await preview.evaluate((v) => getComputedStyle(v).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');

  const record = panel.getByTestId('webcam-record');
  const inClass = async () => (await shownNames(page))['Class 2'].length;
  await record.hover();
  await page.mouse.down();
  // Frames reach the class while the button is still held (in groups of eight).
  await expect.poll(inClass, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await page.mouse.up();
  await expect(record).toHaveAttribute('aria-pressed', 'false');
  const captured = Number(await panel.getByTestId('webcam-captured').getAttribute('data-count'));
  await settle(page);
  // Identical frames (a camera that did not move on between captures) are dropped without a word.
  const count = await inClass();
  expect(count).toBeLessThanOrEqual(captured);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  // Keyboard: holding Space records too.
  await record.focus();
  await page.keyboard.down(' ');
  await expect(panel.getByTestId('webcam-captured')).not.toHaveAttribute('data-count', String(captured));
  await page.keyboard.up(' ');
  await panel.getByTestId('webcam-close').click();
  await expect(panel).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => window.transferLabStudio!.shown().classes[1].images.length)).toBeGreaterThan(count);
});

for (const [name, error, expected] of [
  ['denied', 'NotAllowedError', /Camera access was denied\. Allow the camera for this site/],
  ['missing', 'NotFoundError', /No camera was found/],
] as const) {
  test(`a ${name} camera gets a clear message and leaves the class alone`, async ({ page }) => {
    // Chromium's fake-UI flag grants every request; this page's getUserMedia fails the way the browser does.
    await page.addInitScript((errorName) => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', errorName));
    }, error);
    await openStudio(page);
    await classCard(page, 0).getByTestId('webcam-open').click();
    await expect(classCard(page, 0).getByTestId('webcam-error')).toHaveText(expected);
    await expectClassCount(page, 0, 0);
  });
}
