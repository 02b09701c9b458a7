// Embeds every photo of a dataset once per view (the photo, its mirror image, a zoomed centre
// crop, ...) with one trunk, and caches the embeddings on disk (outside the repository), so
// that head levers can then be measured in seconds by scripts/accuracy/levers.ts.
// Chromium decodes the photos (as the app does); the project's ML core embeds them on Node's
// wasm backend. Views are made from the decoded pixels by src/ml/augment-views.ts, the same
// code the app uses.
// Usage: npx tsx scripts/accuracy/embed-views.ts --dataset ../shared/datasets/hymenoptera
//          [--trunk mobilenet_v2_0.35_224] [--views centre,mirror] [--cache /tmp/acc-cache] [--models ../shared/models]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { embedPixels } from '../../src/ml/embed';
import { VIEW_NAMES, makeView, type ViewName } from '../../src/ml/augment-views';
import type { PixelImage } from '../../src/ml/preprocess';
import { modelDirHandler } from '../../src/ml/testing/model-dir';
import { loadTrunk } from '../../src/ml/trunk';
import { cacheFile, type CachedPhoto } from './cache';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const dataset = path.resolve(option('dataset', '../shared/datasets/hymenoptera'));
const trunkId = option('trunk', 'mobilenet_v2_0.35_224');
const cacheDir = option('cache', '/tmp/acc-cache');
const modelsDir = path.resolve(option('models', '../shared/models'));
const views = option('views', VIEW_NAMES.join(',')).split(',') as ViewName[];
for (const v of views) if (!VIEW_NAMES.includes(v)) throw new Error(`unknown view ${v}; known: ${VIEW_NAMES.join(', ')}`);

// Every photo of every split folder (train/, test/, val/), in a fixed order.
const photos: CachedPhoto[] = [];
for (const split of readdirSync(dataset).sort()) {
  if (!existsSync(path.join(dataset, split)) || split.includes('.')) continue;
  for (const label of readdirSync(path.join(dataset, split)).sort()) {
    for (const f of readdirSync(path.join(dataset, split, label)).sort()) {
      if (/\.(jpe?g|png|gif)$/i.test(f)) photos.push({ split, label, file: f });
    }
  }
}
process.stderr.write(`${photos.length} photos in ${dataset}\n`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
await page.evaluate('globalThis.__name = (f) => f');
async function decode(file: string): Promise<PixelImage> {
  const base64 = readFileSync(file).toString('base64');
  const out = await page.evaluate(async (b64) => {
    const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]);
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let binary = '';
    for (let k = 0; k < data.length; k += 0x8000) binary += String.fromCharCode(...data.subarray(k, k + 0x8000));
    return { width: bitmap.width, height: bitmap.height, base64: btoa(binary) };
  }, base64);
  return { width: out.width, height: out.height, data: new Uint8ClampedArray(Buffer.from(out.base64, 'base64')) };
}

await tf.setBackend('wasm');
const trunk = await loadTrunk(modelDirHandler(path.join(modelsDir, trunkId)), trunkId);
mkdirSync(cacheDir, { recursive: true });
const name = path.basename(dataset);
const pending = views.filter((v) => !existsSync(cacheFile(cacheDir, name, trunkId, v).bin));
const perView = new Map<ViewName, Float32Array[]>(pending.map((v) => [v, []]));
const started = performance.now();
let embedMs = 0;
const CHUNK = 16;
for (let start = 0; start < photos.length && pending.length > 0; start += CHUNK) {
  const decoded = await Promise.all(photos.slice(start, start + CHUNK).map((p) => decode(path.join(dataset, p.split, p.label, p.file))));
  for (const v of pending) {
    const t = performance.now();
    perView.get(v)!.push(
      ...(await embedPixels(
        trunk,
        decoded.map((image) => makeView(image, v)),
      )),
    );
    embedMs += performance.now() - t;
  }
  if (start % 160 === 0)
    process.stderr.write(`${start + decoded.length}/${photos.length} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
for (const v of pending) {
  const rows = perView.get(v)!;
  const files = cacheFile(cacheDir, name, trunkId, v);
  const flat = new Float32Array(rows.length * rows[0].length);
  rows.forEach((r, i) => flat.set(r, i * r.length));
  writeFileSync(files.bin, Buffer.from(flat.buffer));
  writeFileSync(files.json, JSON.stringify({ dataset: name, trunk: trunkId, view: v, size: rows[0].length, photos }));
}
await browser.close();
console.log(
  JSON.stringify({
    dataset: name,
    trunk: trunkId,
    views: pending,
    photos: photos.length,
    embedMsPerPhotoView: +(embedMs / photos.length / Math.max(1, pending.length)).toFixed(1),
  }),
);
