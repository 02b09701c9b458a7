// Drives the built app in headless Chromium on a folder of class subfolders (e.g. flowers12)
// and prints one JSON line: what the evaluation view reports and what it costs in the browser
// (report, PCA map, UMAP map, Try-it latency for a file and for camera frames).
// Start the app first (e.g. `npx vite build --mode test-hooks --outDir dist-eval && npx vite preview --outDir dist-eval --port 4203`), then:
//   npx tsx scripts/measure-evaluation.ts --url http://127.0.0.1:4203 --dataset ../shared/datasets/flowers12/train --classes 6 --per-class 40
import { chromium, expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS } from './chromium';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const url = option('url', 'http://127.0.0.1:4203');
const dataset = path.resolve(option('dataset', '../shared/datasets/flowers12/train'));
const classLimit = Number(option('classes', '6'));
const perClass = Number(option('per-class', '40'));
const epochs = Number(option('epochs', '20'));
const classes = readdirSync(dataset).sort().slice(0, classLimit);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(url);
await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
for (const [index, label] of classes.entries()) {
  if (index >= 2) await page.getByTestId('add-class').click();
  const card = page.getByTestId('class-card').nth(index);
  await card.getByTestId('class-name-input').fill(label);
  await card.getByTestId('class-name-input').press('Enter');
  const files = readdirSync(path.join(dataset, label))
    .sort()
    .slice(0, perClass)
    .map((f) => path.join(dataset, label, f));
  await card.getByTestId('class-file-input').setInputFiles(files);
  await expect(card.getByTestId('class-count')).toHaveText(`${files.length} images`, { timeout: 120_000 });
}
await page.getByTestId('advanced-toggle').click();
await page.getByTestId('setting-epochs').fill(String(epochs));
await page.getByTestId('train-button').click();
await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 900_000 });
const summary = await page.evaluate(() => window.transferLab!.snapshot().training.summary!);
const panel = page.getByTestId('evaluation-panel');
await expect(panel).toHaveAttribute('data-run-id', summary.runId, { timeout: 120_000 });
await expect(panel).toHaveAttribute('data-status', 'ready');
const map = page.getByTestId('embedding-map');
await expect(map).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
const pcaMs = Number(await map.getAttribute('data-compute-ms'));
await page.getByTestId('map-method-umap').check();
await expect(map).toHaveAttribute('data-method', 'umap', { timeout: 600_000 });
await expect(map).toHaveAttribute('data-status', 'ready', { timeout: 600_000 });
const umapMs = Number(await map.getAttribute('data-compute-ms'));

const report = {
  set: await page.getByTestId('evaluation-set').getAttribute('data-set'),
  count: Number(await page.getByTestId('evaluation-set').getAttribute('data-count')),
  accuracy: await page.getByTestId('evaluation-accuracy').textContent(),
  nearDuplicateImages:
    (await page.getByTestId('near-duplicates').count()) > 0
      ? Number(await page.getByTestId('near-duplicates').getAttribute('data-images'))
      : 0,
  computeMs: Number(await panel.getAttribute('data-compute-ms')),
  calibration: await page.getByTestId('reliability-diagram').locator('figcaption').textContent(),
};

// Try-it: one file, then a few seconds of the fake camera.
const probe = path.join(
  dataset,
  classes[0],
  readdirSync(path.join(dataset, classes[0])).sort()[perClass] ?? readdirSync(path.join(dataset, classes[0]))[0],
);
await page.getByTestId('tryit-file-input').setInputFiles(probe);
await expect(page.getByTestId('tryit-panel')).toHaveAttribute('data-files-tried', '1', { timeout: 60_000 });
const fileLatencyMs = Number(await page.getByTestId('prediction-latency').getAttribute('data-ms'));
await page.getByTestId('camera-start').click();
const cameraLatencies: number[] = [];
const started = Date.now();
while (Date.now() - started < 5000) {
  const ms = await page.getByTestId('prediction-latency').getAttribute('data-ms');
  if (ms) cameraLatencies.push(Number(ms));
  await page.waitForTimeout(250);
}
const frames = Number(await page.getByTestId('camera-status').getAttribute('data-frames'));
await page.getByTestId('camera-stop').click();
await browser.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  JSON.stringify({
    dataset,
    classes: classes.length,
    images: summary.trainCount + summary.valCount + summary.testCount,
    split: { train: summary.trainCount, val: summary.valCount, test: summary.testCount },
    report,
    mapMs: { pca: pcaMs, umap: umapMs },
    tryIt: {
      fileLatencyMs: Math.round(fileLatencyMs),
      cameraFramesIn5s: frames,
      cameraLatencyMedianMs: Math.round(median(cameraLatencies)),
    },
  }),
);
