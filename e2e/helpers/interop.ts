// User verbs and consumers for the interop specs: download each export, serve its files the way a
// static web server would (through page.route, offline), and load them with tfjs, Teachable
// Machine's library, ml5 and the standalone example page.
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedImage } from './images';
import { goToStep } from './steps';

const require = createRequire(import.meta.url);
export const TFJS_BUNDLE = require.resolve('@tensorflow/tfjs/dist/tf.min.js');
export const TM_IMAGE_BUNDLE = require.resolve('@teachablemachine/image/dist/teachablemachine-image.min.js');
export const ML5_BUNDLE = require.resolve('ml5/dist/ml5.min.js');
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PORTABLE_DIR = path.join(REPO_ROOT, 'src/portable');
export const MODELS_DIR = path.resolve(REPO_ROOT, process.env.MODELS_DIR ?? '../shared/models');

export type ZipFiles = Record<string, Uint8Array>;
export type ExportKind = 'full' | 'head' | 'example' | 'quantized';

export async function downloadExport(
  page: Page,
  kind: ExportKind,
  options: { threshold?: number; dtype?: 'uint8' | 'float16' } = {},
): Promise<{ name: string; files: ZipFiles; bytes: Buffer }> {
  await goToStep(page, 'export');
  await page.getByTestId(`export-kind-${kind}`).check();
  const toggle = page.getByTestId('export-threshold-toggle');
  if (options.threshold !== undefined) {
    await toggle.check();
    await page.getByTestId('export-threshold-input').fill(String(options.threshold));
  } else {
    await toggle.uncheck();
  }
  if (kind === 'quantized') {
    await page.getByTestId('export-quantization-dtype').selectOption(options.dtype ?? 'uint8');
    await page.getByTestId('export-measure').click();
    await expect(page.getByTestId('export-quantization-report')).toHaveAttribute('data-dtype', options.dtype ?? 'uint8', {
      timeout: 120_000,
    });
  }
  const downloadPromise = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('export-button').click();
  const download = await downloadPromise;
  const bytes = await readFile(await download.path());
  await expect(page.getByTestId('export-done')).toBeVisible();
  return { name: download.suggestedFilename(), files: unzipSync(new Uint8Array(bytes)), bytes };
}

export const text = (files: ZipFiles, name: string) => strFromU8(files[name]);
export const json = <T = Record<string, unknown>>(files: ZipFiles, name: string) => JSON.parse(text(files, name)) as T;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

/** Serves `files` under `base` (an origin, or an origin and folder) like a static file server (404 for anything else). */
export async function serveFiles(
  target: Page | BrowserContext,
  base: string,
  files: Record<string, Uint8Array | Buffer | string>,
): Promise<void> {
  await target.route(`${base}/**`, async (route) => {
    const url = new URL(route.request().url());
    const name = decodeURIComponent(`${url.origin}${url.pathname}`.slice(base.length + 1)) || 'index.html';
    const body = files[name];
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      body: typeof body === 'string' ? body : Buffer.from(body),
    });
  });
}

/** A blank page at `origin` with the given model files, the test image and (optionally) scripts. */
export async function consumerPage(
  context: BrowserContext,
  origin: string,
  files: Record<string, Uint8Array | Buffer | string>,
  scripts: string[],
): Promise<Page> {
  const page = await context.newPage();
  await serveFiles(page, origin, { 'index.html': '<!doctype html><meta charset="utf-8"><title>consumer</title>', ...files });
  await page.goto(`${origin}/index.html`);
  for (const script of scripts) await page.addScriptTag({ path: script });
  return page;
}

export async function portableFiles(): Promise<Record<string, Buffer>> {
  return {
    'portable/decode-pixels.js': await readFile(path.join(PORTABLE_DIR, 'decode-pixels.js')),
    'portable/preprocess-pixels.js': await readFile(path.join(PORTABLE_DIR, 'preprocess-pixels.js')),
  };
}

/** Try-it in the app: the probabilities of every class bar, in label order. */
export async function tryItProbabilities(page: Page, image: GeneratedImage | string): Promise<number[]> {
  await goToStep(page, 'evaluate');
  const preview = page.locator('.tryit-preview');
  const before = (await preview.count()) > 0 ? await preview.getAttribute('src') : null;
  await page.getByTestId('tryit-file-input').setInputFiles(image);
  // The preview gets a new object URL once this image's prediction is in.
  await expect.poll(async () => ((await preview.count()) > 0 ? preview.getAttribute('src') : null), { timeout: 60_000 }).not.toBe(before);
  await expect(page.getByTestId('prediction-label')).toBeVisible();
  return page.getByTestId('prediction-bar').evaluateAll((elements) => elements.map((el) => Number(el.getAttribute('data-probability'))));
}

/** Asserts two probability lists agree within `tolerance`, prints and returns the largest difference. */
export function expectClose(actual: number[], expected: number[], tolerance: number, what: string): number {
  expect(actual, what).toHaveLength(expected.length);
  const largest = Math.max(...actual.map((value, i) => Math.abs(value - expected[i])));
  expect(largest, `${what}: largest difference ${largest}`).toBeLessThanOrEqual(tolerance);
  console.log(`[interop] ${what}: largest difference ${largest.toExponential(2)}`);
  return largest;
}

export function zipOf(files: Record<string, Uint8Array | Buffer>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, new Uint8Array(bytes)]))));
}

export async function teachableMachineExportFiles(folder: string): Promise<Record<string, Buffer>> {
  const dir = path.join(MODELS_DIR, 'teachable-machine-exports', folder);
  return {
    'model.json': await readFile(path.join(dir, 'model.json')),
    'weights.bin': await readFile(path.join(dir, 'weights.bin')),
    'metadata.json': await readFile(path.join(dir, 'metadata.json')),
  };
}

export type PickedFile = { name: string; mimeType: string; buffer: Buffer };

export function picked(files: Record<string, Uint8Array | Buffer | string>): PickedFile[] {
  return Object.entries(files).map(([name, content]) => ({
    name,
    mimeType: name.endsWith('.json') ? 'application/json' : name.endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
    buffer: typeof content === 'string' ? Buffer.from(content) : Buffer.from(content),
  }));
}

export async function pickModelFiles(page: Page, files: PickedFile[]): Promise<void> {
  await goToStep(page, 'export');
  await page.getByTestId('import-files-input').setInputFiles(files);
}
