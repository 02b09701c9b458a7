// The GPU backends as a user meets them, on this machine's software GPU (SwiftShader): webgpu
// runs the folded trunk and embeds what wasm embeds; while webgl or webgpu runs the trunk the
// head trains on the CPU path and comes out exactly as the all-CPU model. The automatic choice
// skips both GPU backends here without timing them (their adapters compute on the CPU).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE, WEBGPU_ARGS } from '../scripts/chromium';
import {
  expectClassCount,
  goToStep,
  openApp,
  openTrunkDetails,
  setSetting,
  startTraining,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';
import { generateShapeImages, type GeneratedImage } from './helpers/images';
import { downloadExport } from './helpers/interop';
import { settle } from './helpers/studio';

test.use({ launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS] } });

async function chooseBackend(page: Page, backend: 'webgl' | 'webgpu'): Promise<void> {
  await openTrunkDetails(page);
  await page.getByTestId('backend-select').selectOption(backend);
  // On SwiftShader, webgpu compiles every shader of the trunk in software: minutes under load.
  await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', backend, { timeout: 600_000 });
  await expect(page.getByTestId('trunk-status')).toHaveAttribute('data-status', 'ready');
}

async function photos(page: Page): Promise<[GeneratedImage[], GeneratedImage[]]> {
  return [
    await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 5, seed: 31 }),
    await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 5, seed: 32, type: 'image/jpeg' }),
  ];
}

async function addPhotos(page: Page, [first, second]: [GeneratedImage[], GeneratedImage[]]): Promise<void> {
  await uploadImages(page, 0, first);
  await uploadImages(page, 1, second);
  await expectClassCount(page, 0, first.length);
  await expectClassCount(page, 1, second.length);
}

/** Each photo's embedding in the saved project file, keyed by the photo's content hash. */
async function savedEmbeddings(page: Page): Promise<Map<string, Float32Array>> {
  await settle(page);
  await goToStep(page, 'data');
  const download = page.waitForEvent('download');
  await page.getByTestId('project-save').click();
  const files = unzipSync(new Uint8Array(await readFile(await (await download).path())));
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  const hashOf = new Map<string, string>(
    manifest.classes.flatMap((c: { images: { id: string; sha256: string }[] }) => c.images.map((i) => [i.id, i.sha256])),
  );
  const [set] = manifest.embeddings;
  const values = new Float32Array(files[set.file].slice().buffer);
  return new Map(set.imageIds.map((id: string, i: number) => [hashOf.get(id)!, values.slice(i * set.dimension, (i + 1) * set.dimension)]));
}

/** Opens the app in a fresh profile, on `backend`, adds the photos, trains one epoch (which embeds them) and saves. */
async function embedIn(
  browser: Browser,
  backend: 'auto' | 'webgpu',
  files: [GeneratedImage[], GeneratedImage[]],
): Promise<{ embeddings: Map<string, Float32Array>; status: string; runner: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await openApp(page);
    if (backend !== 'auto') await chooseBackend(page, backend);
    const status = (await page.getByTestId('backend-status').textContent()) ?? '';
    const runner = (await page.evaluate(() => window.transferLabSpeed!.runtimeReport())).trunkRunner;
    await addPhotos(page, files);
    await setSetting(page, 'epochs', 1);
    await startTraining(page);
    await waitForTrainingDone(page);
    return { embeddings: await savedEmbeddings(page), status, runner };
  } finally {
    await context.close();
  }
}

test('webgpu runs the folded trunk and embeds what wasm embeds (SwiftShader adapter)', async ({ browser, page }) => {
  test.setTimeout(900_000);
  await page.goto('/');
  const files = await photos(page);

  const cpu = await embedIn(browser, 'auto', files);
  // With a software WebGPU adapter and WebGL drawn by the CPU, wasm runs without timing either.
  expect(cpu.status).toContain('Running on wasm');
  expect(cpu.status).toMatch(/WebGPU's adapter computes on the CPU too \(google swiftshader/);
  const gpu = await embedIn(browser, 'webgpu', files);
  expect(gpu.runner).toBe('folded');

  expect(gpu.embeddings.size).toBe(10);
  let largest = 0;
  for (const [hash, expected] of cpu.embeddings) {
    const actual = gpu.embeddings.get(hash)!;
    expect(actual).toHaveLength(expected.length);
    for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(actual[i] - expected[i]));
  }
  test.info().annotations.push({ type: 'largest webgpu - wasm difference', description: largest.toExponential(2) });
  expect(largest).toBeLessThan(1e-3);
});

test('while webgl or webgpu runs the trunk, the head trains on the CPU path into the all-CPU model', async ({ page }) => {
  test.setTimeout(900_000);
  await openApp(page);
  await expect(page.getByTestId('backend-status')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('head-placement-select')).toHaveCount(0);
  await addPhotos(page, await photos(page));
  await setSetting(page, 'epochs', 6);
  await setSetting(page, 'seed', 3);
  await startTraining(page);
  await waitForTrainingDone(page);
  const allCpu = await downloadExport(page, 'head');

  for (const backend of ['webgl', 'webgpu'] as const) {
    await chooseBackend(page, backend);
    // The embeddings are cached per trunk, so this run trains on the very same vectors.
    await page.getByTestId('head-placement-select').selectOption('cpu');
    await expect(page.getByTestId('head-placement-status')).toHaveText('The head trains on the CPU (wasm): chosen by you.');
    await startTraining(page);
    await waitForTrainingDone(page);
    const trained = await downloadExport(page, 'head');
    const weightFiles = Object.keys(allCpu.files).filter((name) => name.endsWith('.bin'));
    expect(weightFiles.length).toBeGreaterThan(0);
    for (const name of weightFiles)
      expect(Buffer.from(trained.files[name]).equals(Buffer.from(allCpu.files[name])), `${name} on ${backend}`).toBe(true);
  }
});
