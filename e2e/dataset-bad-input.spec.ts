// Every kind of bad input gets its own reason in one summary, and nothing already in the project
// is disturbed: unsupported formats (by their bytes, whatever their name or type), corrupt,
// truncated, empty, huge and duplicate files; class names that are empty, duplicate or HTML-like.
import { expect, test } from '@playwright/test';
import { classCard, expectClassCount, renameClass, uploadImages } from './helpers/app';
import { generateShapeImages } from './helpers/images';
import { animatedGif, bmp, corruptJpeg, drawnImage, heicLike, hymenopteraOddFiles, PDF, SVG, TEXT, truncated } from './helpers/odd-files';
import { dropFiles, openStudio, reloadStudio, settle, shown, skippedSummary, type FileSpec } from './helpers/studio';

test('a mixed batch: good files of every format are added, each bad one is listed with its reason', async ({ page }) => {
  await openStudio(page);
  const [photo, other] = await generateShapeImages(page, { shape: 'circle', color: '#7c3aed', count: 2, seed: 41, type: 'image/jpeg' });
  // Already in the class before the batch: it must stay as it is.
  await uploadImages(page, 0, [photo]);
  await expectClassCount(page, 0, 1);

  const odd = hymenopteraOddFiles();
  const good: FileSpec[] = [
    { path: other.name, bytes: other.buffer, type: other.mimeType },
    { path: 'gradient.bmp', bytes: bmp(40, 30), type: 'image/bmp' },
    { path: 'drawing.webp', bytes: await drawnImage(page, { width: 120, height: 90, type: 'image/webp' }), type: 'image/webp' },
    // A PNG saved with a .jpg name and no type: the content decides.
    { path: 'really-a-png.jpg', bytes: await drawnImage(page, { width: 64, height: 64, type: 'image/png' }), type: '' },
    ...(odd ?? []),
  ];
  const bad: [FileSpec, RegExp][] = [
    [
      { path: 'IMG_0001.HEIC', bytes: heicLike(), type: '' },
      /IMG_0001\.HEIC: HEIC\/HEIF photo \(the iPhone format\), which browsers cannot decode/,
    ],
    [{ path: 'IMG_0002.jpg', bytes: heicLike().subarray(0, 300), type: 'image/jpeg' }, /IMG_0002\.jpg: HEIC\/HEIF photo/],
    [{ path: 'logo.svg', bytes: SVG, type: 'image/svg+xml' }, /logo\.svg: SVG vector drawing, not a photo/],
    [{ path: 'worksheet.pdf', bytes: PDF, type: 'application/pdf' }, /worksheet\.pdf: PDF document, not an image/],
    [{ path: 'notes.txt', bytes: TEXT, type: 'text/plain' }, /notes\.txt: a text file, not an image/],
    [
      { path: 'broken.jpg', bytes: corruptJpeg(other.buffer), type: 'image/jpeg' },
      /broken\.jpg: corrupt JPEG: the browser cannot decode it/,
    ],
    [
      { path: 'half.jpg', bytes: truncated(other.buffer), type: 'image/jpeg' },
      /half\.jpg: truncated JPEG: the file ends before its image data does/,
    ],
    [{ path: 'empty.png', bytes: Buffer.alloc(0), type: 'image/png' }, /empty\.png: empty file \(0 bytes\)/],
    [
      { path: 'copy of photo.jpg', bytes: photo.buffer, type: 'image/jpeg' },
      new RegExp(`copy of photo\\.jpg: duplicate: the same image is already in the project as "${photo.name}" \\(class "Class 1"\\)`),
    ],
  ];
  const batch = [...good.slice(0, 3), ...bad.map(([file]) => file), ...good.slice(3)];
  await dropFiles(classCard(page, 0).getByTestId('class-dropzone'), batch);

  const summary = await skippedSummary(page);
  expect(summary.text).toBe(`${bad.length} of ${batch.length} files skipped (1 duplicate):`);
  expect(summary.details).toHaveLength(bad.length);
  for (const [, reason] of bad)
    expect(
      summary.details.some((line) => reason.test(line)),
      `${reason} in ${summary.details.join('\n')}`,
    ).toBe(true);

  await expectClassCount(page, 0, 1 + good.length);
  const images = (await shown(page)).classes[0].images;
  expect(images[0].name).toBe(photo.name);
  expect(images.map((i) => i.name).slice(1)).toEqual(good.map((g) => g.path));
  if (odd) expect(images.find((i) => i.name === 'imageNotFound.gif')).toMatchObject({ width: 300, height: 300 });
  await expect(classCard(page, 0).getByTestId('thumbnail')).toHaveCount(1 + good.length);
  // The other class was never touched.
  await expectClassCount(page, 1, 0);
});

test('an animated GIF is shown by its first frame', async ({ page }) => {
  await openStudio(page);
  const gif = animatedGif(16, 12, [
    [220, 20, 20],
    [20, 20, 220],
  ]);
  await dropFiles(classCard(page, 0).getByTestId('class-dropzone'), [{ path: 'blink.gif', bytes: gif, type: 'image/gif' }]);
  await expectClassCount(page, 0, 1);
  expect((await shown(page)).classes[0].images[0]).toMatchObject({ name: 'blink.gif', width: 16, height: 12 });
  const thumb = classCard(page, 0).getByTestId('thumbnail').locator('img');
  await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(96);
  const centre = await thumb.evaluate((img) => {
    const canvas = new OffscreenCanvas(96, 96);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img as HTMLImageElement, 0, 0);
    return Array.from(ctx.getImageData(48, 48, 1, 1).data.slice(0, 3));
  });
  // Red, the first frame (the thumbnail is a JPEG, so allow its rounding).
  expect(centre[0]).toBeGreaterThan(180);
  expect(centre[2]).toBeLessThan(70);
});

test('a huge 8000x6000 photo is decoded off the page and shown as a small thumbnail', async ({ page }) => {
  await openStudio(page);
  const huge = await drawnImage(page, { width: 8000, height: 6000, type: 'image/jpeg' });
  // While the inspection worker decodes it, the page keeps answering: a rename goes through meanwhile.
  await dropFiles(classCard(page, 1).getByTestId('class-dropzone'), [{ path: 'panorama.jpg', bytes: huge, type: 'image/jpeg' }]);
  await renameClass(page, 0, 'renamed while decoding');
  await expectClassCount(page, 1, 1);
  const image = (await shown(page)).classes[1].images[0];
  expect(image).toMatchObject({ name: 'panorama.jpg', width: 8000, height: 6000 });
  const thumb = classCard(page, 1).getByTestId('thumbnail').locator('img');
  await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(96);
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('class names: any script shown as text, never as HTML; empty and duplicate names refused', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await openStudio(page);
  const html = '<img src=x onerror=alert(1)>';
  await renameClass(page, 0, html);
  await renameClass(page, 1, '개미 🐜 ants');
  await expect(classCard(page, 0).getByTestId('class-name-input')).toHaveValue(html);
  await expect(classCard(page, 0).locator('img')).toHaveCount(0);

  const input = classCard(page, 1).getByTestId('class-name-input');
  await input.fill('   ');
  await input.press('Enter');
  await expect(classCard(page, 1).getByTestId('class-name-error')).toHaveText('A class needs a name.');
  await input.fill(` ${html} `);
  await input.press('Enter');
  await expect(classCard(page, 1).getByTestId('class-name-error')).toHaveText(`Another class is already called "${html}".`);
  await expect(classCard(page, 1)).toHaveAttribute('data-label', '개미 🐜 ants');
  await input.press('Escape');
  await expect(input).toHaveValue('개미 🐜 ants');

  // The names survive a reload as the same text, and show as text in the move menu too.
  const [a] = await generateShapeImages(page, { shape: 'circle', color: '#0891b2', count: 1, seed: 51 });
  await uploadImages(page, 1, [a]);
  await reloadStudio(page);
  await expect(classCard(page, 0)).toHaveAttribute('data-label', html);
  await expect(classCard(page, 1)).toHaveAttribute('data-label', '개미 🐜 ants');
  await classCard(page, 1).getByTestId('thumbnail-select').first().click();
  await expect(classCard(page, 1).getByTestId('move-select').locator('option').nth(1)).toHaveText(html);
  await settle(page);
  expect(dialogs).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
});
