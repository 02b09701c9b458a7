// Measures how similar MobileNet V2 0.35 embeddings are for (a) distinct real photos and (b)
// near-copies of a photo (re-saved as JPEG, resized, cropped, brightened, mirrored), to choose
// NEAR_DUPLICATE_SIMILARITY (src/ml/near-duplicates.ts). Chromium decodes and edits the photos;
// the project's own ML core (trunk cut, preprocessing, embedding) runs on Node's wasm backend.
// Usage: npx tsx scripts/measure-near-duplicates.ts [--dataset ../shared/datasets/flowers12/train] [--per-class 8] [--models ../shared/models]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { embedPixels } from '../src/ml/embed';
import { cosineSimilarity } from '../src/ml/near-duplicates';
import type { PixelImage } from '../src/ml/preprocess';
import { modelDirHandler } from '../src/ml/testing/model-dir';
import { loadTrunk } from '../src/ml/trunk';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const dataset = path.resolve(option('dataset', '../shared/datasets/flowers12/train'));
const perClass = Number(option('per-class', '8'));
const modelsDir = path.resolve(option('models', '../shared/models'));
const VARIANTS = ['original', 'jpeg-q60', 'resized-50%', 'crop-90%', 'brighter-15%', 'mirrored'] as const;

const classes = readdirSync(dataset).sort();
const files = classes.flatMap((label) =>
  readdirSync(path.join(dataset, label))
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .slice(0, perClass)
    .map((f) => ({ label, file: path.join(dataset, label, f) })),
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
// tsx keeps function names with a `__name` helper that the page does not have.
await page.evaluate('globalThis.__name = (f) => f');
/** Per photo, the RGBA pixels of each variant, made with canvas operations in the browser. */
const variantsPerPhoto: PixelImage[][] = [];
for (const { file } of files) {
  const base64 = readFileSync(file).toString('base64');
  const variants = await page.evaluate(
    async ({ base64, names }) => {
      const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' });
      const source = await createImageBitmap(blob);
      const { width: w, height: h } = source;
      const draw = (image: CanvasImageSource, width: number, height: number, edit?: (ctx: OffscreenCanvasRenderingContext2D) => void) => {
        const canvas = new OffscreenCanvas(width, height);
        const ctx = canvas.getContext('2d')!;
        if (edit) edit(ctx);
        ctx.drawImage(image, 0, 0, width, height);
        return canvas;
      };
      const read = (canvas: OffscreenCanvas) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let binary = '';
        for (let k = 0; k < data.length; k += 0x8000) binary += String.fromCharCode(...data.subarray(k, k + 0x8000));
        return { width: canvas.width, height: canvas.height, base64: btoa(binary) };
      };
      const out: { width: number; height: number; base64: string }[] = [];
      for (const name of names) {
        if (name === 'original') out.push(read(draw(source, w, h)));
        if (name === 'jpeg-q60') {
          const jpeg = await draw(source, w, h).convertToBlob({ type: 'image/jpeg', quality: 0.6 });
          out.push(read(draw(await createImageBitmap(jpeg), w, h)));
        }
        if (name === 'resized-50%') out.push(read(draw(draw(source, Math.round(w / 2), Math.round(h / 2)), w, h)));
        if (name === 'crop-90%') {
          const canvas = new OffscreenCanvas(Math.round(w * 0.9), Math.round(h * 0.9));
          canvas.getContext('2d')!.drawImage(source, -Math.round(w * 0.05), -Math.round(h * 0.05));
          out.push(read(canvas));
        }
        if (name === 'brighter-15%') out.push(read(draw(source, w, h, (ctx) => (ctx.filter = 'brightness(1.15)'))));
        if (name === 'mirrored') {
          out.push(
            read(
              draw(source, w, h, (ctx) => {
                ctx.translate(w, 0);
                ctx.scale(-1, 1);
              }),
            ),
          );
        }
      }
      return out;
    },
    { base64, names: [...VARIANTS] },
  );
  variantsPerPhoto.push(
    variants.map((v) => ({ width: v.width, height: v.height, data: new Uint8ClampedArray(Buffer.from(v.base64, 'base64')) })),
  );
}
await browser.close();

await tf.setBackend('wasm');
const trunk = await loadTrunk(modelDirHandler(path.join(modelsDir, 'mobilenet_v2_0.35_224')), 'mobilenet_v2_0.35_224');
const embeddings: Float32Array[][] = [];
for (const variants of variantsPerPhoto) embeddings.push(await embedPixels(trunk, variants));

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const summary = (values: number[]) => ({
  n: values.length,
  min: +Math.min(...values).toFixed(4),
  p1: +percentile(values, 1).toFixed(4),
  p50: +percentile(values, 50).toFixed(4),
  p99: +percentile(values, 99).toFixed(4),
  max: +Math.max(...values).toFixed(4),
});
const sameClass: number[] = [];
const otherClass: number[] = [];
const closest: { a: string; b: string; similarity: number }[] = [];
for (let a = 0; a < files.length; a++) {
  for (let b = a + 1; b < files.length; b++) {
    const similarity = cosineSimilarity(embeddings[a][0], embeddings[b][0]);
    (files[a].label === files[b].label ? sameClass : otherClass).push(similarity);
    closest.push({
      a: path.relative(dataset, files[a].file),
      b: path.relative(dataset, files[b].file),
      similarity: +similarity.toFixed(4),
    });
  }
}
const copies: Record<string, ReturnType<typeof summary>> = {};
const copySimilarities: number[] = [];
VARIANTS.slice(1).forEach((name, v) => {
  const values = embeddings.map((e) => cosineSimilarity(e[0], e[v + 1]));
  copySimilarities.push(...values);
  copies[name] = summary(values);
});
// For each candidate threshold: the share of copies caught, and how many distinct-photo pairs would be flagged.
const thresholds = [0.85, 0.9, 0.92, 0.95, 0.98].map((t) => ({
  threshold: t,
  copiesCaught: +(copySimilarities.filter((s) => s > t).length / copySimilarities.length).toFixed(3),
  distinctPairsFlagged: [...sameClass, ...otherClass].filter((s) => s > t).length,
  distinctPairs: sameClass.length + otherClass.length,
}));
closest.sort((p, q) => q.similarity - p.similarity);
console.log(
  JSON.stringify({
    dataset,
    photos: files.length,
    classes: classes.length,
    distinctSameClass: summary(sameClass),
    distinctOtherClass: summary(otherClass),
    copies,
    thresholds,
    mostSimilarDistinct: closest.slice(0, 5),
  }),
);
