// decode-pixels.js reuses one canvas per thread, grown to the largest image so far and drawn into
// from its corner. Whatever came before, each image must read back exactly the pixels a fresh
// canvas gives: photos of other sizes and orientations, a transparent image after an opaque one,
// a small image after a large one (the canvas shrinks), a large one drawn down.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const SOURCE = readFileSync(path.join(import.meta.dirname, '../src/portable/decode-pixels.js'), 'utf8');

test('a reused canvas reads every image exactly as a fresh canvas does', async ({ page }) => {
  await page.setContent('<!doctype html><title>decode-pixels</title>');
  await page.addScriptTag({ type: 'module', content: `${SOURCE}\nwindow.decodePixelsModule = { decodePixels, MAX_DECODED_SHORT_SIDE };` });
  await page.waitForFunction(() => 'decodePixelsModule' in window);
  const results = await page.evaluate(async () => {
    const { decodePixels, MAX_DECODED_SHORT_SIDE } = (
      window as unknown as {
        decodePixelsModule: {
          decodePixels: (b: Blob) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
          MAX_DECODED_SHORT_SIDE: number;
        };
      }
    ).decodePixelsModule;
    const sizes: [number, number, number][] = [
      [500, 375, 1],
      [300, 200, 0.4],
      [375, 500, 1],
      [40, 30, 0],
      [900, 600, 1],
      [120, 90, 0.6],
      [500, 333, 1],
    ];
    const out: { size: string; width: number; height: number; differing: number; alphaSeen: number }[] = [];
    for (const [index, [width, height, alpha]] of sizes.entries()) {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, `rgba(${40 * index}, 200, 30, ${alpha})`);
      gradient.addColorStop(1, `rgba(20, ${25 * index}, 220, ${alpha})`);
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      context.fillStyle = `rgba(255, 255, 255, ${alpha})`;
      context.fillRect(width / 4, height / 3, width / 5, height / 6);
      const blob = await canvas.convertToBlob({ type: 'image/png' });

      const decoded = await decodePixels(blob);
      // The reference: a canvas of its own, drawn the same way.
      const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
      const scale = Math.min(1, MAX_DECODED_SHORT_SIDE / Math.min(width, height));
      const w = Math.max(1, Math.round(width * scale));
      const h = Math.max(1, Math.round(height * scale));
      const fresh = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })!;
      fresh.imageSmoothingQuality = 'high';
      fresh.drawImage(bitmap, 0, 0, w, h);
      bitmap.close();
      const expected = fresh.getImageData(0, 0, w, h).data;
      let differing = 0;
      let alphaSeen = 0;
      for (let i = 0; i < expected.length; i++) if (decoded.data[i] !== expected[i]) differing++;
      for (let i = 3; i < expected.length; i += 4) alphaSeen = Math.max(alphaSeen, 255 - expected[i]);
      out.push({ size: `${width}x${height}`, width: decoded.width, height: decoded.height, differing, alphaSeen });
    }
    return out;
  });
  expect(results.map((r) => [r.size, r.width, r.height])).toEqual([
    ['500x375', 500, 375],
    ['300x200', 300, 200],
    ['375x500', 375, 500],
    ['40x30', 40, 30],
    ['900x600', 672, 448],
    ['120x90', 120, 90],
    ['500x333', 500, 333],
  ]);
  for (const r of results) expect(r.differing, r.size).toBe(0);
  // The transparent images really were transparent, so a leftover from the image before would show.
  expect(results.filter((r) => r.alphaSeen > 0).map((r) => r.size)).toEqual(['300x200', '40x30', '120x90']);
});
