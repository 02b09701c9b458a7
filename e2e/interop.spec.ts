// Every export loads where users take it, with the same probabilities as the app where the
// preprocessing is the same and the measured difference where it is not; Teachable Machine
// models and our own exports come back in; malformed files change nothing.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  classCard,
  expectClassCount,
  goToStep,
  openApp,
  openTrunkDetails,
  renameClass,
  setSetting,
  startTraining,
  uploadImages,
  waitForTrainingDone,
} from './helpers/app';
import { generateShapeImages, type GeneratedImage } from './helpers/images';
import {
  ML5_BUNDLE,
  MODELS_DIR,
  PORTABLE_DIR,
  TFJS_BUNDLE,
  TM_IMAGE_BUNDLE,
  consumerPage,
  downloadExport,
  expectClose,
  json,
  pickModelFiles,
  picked,
  portableFiles,
  serveFiles,
  teachableMachineExportFiles,
  text,
  tryItProbabilities,
  zipOf,
  type ZipFiles,
} from './helpers/interop';

/** Same image, same preprocessing, different tfjs backend or thread: this close. */
const PARITY = 1e-4;
const LABELS = ['Red circles', 'Blue squares'];
const V2_CANONICAL_URL =
  'https://storage.googleapis.com/teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top/model.json';

type Tf = typeof import('@tensorflow/tfjs');

/** tf.loadLayersModel over HTTP, fed by the app's own portable preprocessing: probabilities for /probe. */
async function predictWithTfjs(page: Page, probeName: string): Promise<number[]> {
  return page.evaluate(async (probe) => {
    const tf = (globalThis as unknown as { tf: Tf }).tf;
    const { decodePixels } = await import(`${location.origin}/portable/decode-pixels.js`);
    const { preprocessPixels } = await import(`${location.origin}/portable/preprocess-pixels.js`);
    const model = await tf.loadLayersModel(`${location.origin}/model/model.json`);
    const blob = await (await fetch(`${location.origin}/${probe}`)).blob();
    const input = preprocessPixels(tf, [await decodePixels(blob)], 224);
    const output = model.predict(input) as import('@tensorflow/tfjs').Tensor;
    return Array.from(await output.data());
  }, probeName);
}

async function loadImage(page: Page, name: string): Promise<void> {
  await page.evaluate(async (src) => {
    const image = new Image();
    image.src = src;
    await image.decode();
    (globalThis as unknown as { probe: HTMLImageElement }).probe = image;
  }, `/${name}`);
}

/** @teachablemachine/image's load() from URLs and loadFromFiles(), then predict(image): probabilities in label order. */
async function predictWithTeachableMachine(
  page: Page,
  labels: string[],
  probeName: string,
): Promise<{ viaUrl: number[]; viaFiles: number[] }> {
  await loadImage(page, probeName);
  return page.evaluate(async (labelOrder) => {
    type TmImage = typeof import('@teachablemachine/image');
    const { tmImage, probe } = globalThis as unknown as { tmImage: TmImage; probe: HTMLImageElement };
    const inOrder = (predictions: { className: string; probability: number }[]) =>
      labelOrder.map((label) => predictions.find((p) => p.className === label)!.probability);
    const base = `${location.origin}/model/`;
    const fromUrl = await tmImage.load(`${base}model.json`, `${base}metadata.json`);
    const file = async (name: string) => new File([await (await fetch(base + name)).blob()], name);
    const fromFiles = await tmImage.loadFromFiles(await file('model.json'), await file('weights.bin'), await file('metadata.json'));
    return { viaUrl: inOrder(await fromUrl.predict(probe)), viaFiles: inOrder(await fromFiles.predict(probe)) };
  }, labels);
}

async function predictWithMl5(page: Page, labels: string[], probeName: string): Promise<number[]> {
  await loadImage(page, probeName);
  return page.evaluate(async (labelOrder) => {
    type Result = { label: string | number; confidence: number };
    type Classifier = { classify: (img: HTMLImageElement) => Promise<Result[]> };
    const { ml5, probe } = globalThis as unknown as {
      ml5: { imageClassifier: (url: string) => Promise<Classifier> };
      probe: HTMLImageElement;
    };
    // Without p5.js, ml5 1.x's constructors return a promise of the ready model.
    const classifier = await ml5.imageClassifier(`${location.origin}/model/model.json`);
    const results = await classifier.classify(probe);
    return labelOrder.map((label) => results.find((r) => r.label === label)!.confidence);
  }, labels);
}

function modelFiles(files: ZipFiles): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`model/${name}`, bytes]));
}

async function projectState(page: Page) {
  return page.evaluate(() => {
    const snapshot = window.transferLab!.snapshot();
    return { classes: snapshot.classes, trunk: snapshot.trunk.info?.id, status: snapshot.trunk.status };
  });
}

test.describe.serial('exports load where users take them, and come back in', () => {
  let context: BrowserContext;
  let app: Page;
  let probe: GeneratedImage;
  let appProbabilities: number[];
  const exports: Partial<Record<'full' | 'head', { files: ZipFiles; bytes: Buffer }>> = {};

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ acceptDownloads: true });
    app = await context.newPage();
    await openApp(app);
    await renameClass(app, 0, LABELS[0]);
    await renameClass(app, 1, LABELS[1]);
    await uploadImages(app, 0, await generateShapeImages(app, { shape: 'circle', color: '#dc2626', count: 8, seed: 11, size: 200 }));
    await uploadImages(
      app,
      1,
      await generateShapeImages(app, { shape: 'square', color: '#2563eb', count: 8, seed: 12, size: 200, type: 'image/jpeg' }),
    );
    await expectClassCount(app, 0, 8);
    await expectClassCount(app, 1, 8);
    await setSetting(app, 'epochs', 15);
    await startTraining(app);
    await waitForTrainingDone(app);
    // Photo-sized JPEGs (the 448 px pre-scale, the crop and every tool's resize all act on them);
    // the probe is the most ambiguous of a few, so probabilities are far from 0 and 1 and parity means something.
    const candidates: GeneratedImage[] = [];
    for (let i = 0; i < 8; i++) candidates.push(await twoShapeImage(app, 0.3 + i * 0.06));
    let bestMargin = Infinity;
    for (const candidate of candidates) {
      const { ours } = await app.evaluate(async (url) => window.transferLabInterop!.consumerProbabilities(url), dataUrl(candidate));
      const margin = Math.abs(ours[0] - 0.5);
      if (margin < bestMargin) [bestMargin, probe] = [margin, candidate];
    }
    appProbabilities = await tryItProbabilities(app, probe);
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test('full model: README, metadata, and tfjs, Teachable Machine and ml5 all load it', async () => {
    const { name, files, bytes } = await downloadExport(app, 'full');
    exports.full = { files, bytes };
    expect(name).toBe('transfer-lab-model.zip');
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'metadata.json', 'model.json', 'weights.bin']);
    const metadata = json<{ labels: string[]; imageSize: number; userMetadata: Record<string, unknown> }>(files, 'metadata.json');
    expect(metadata.labels).toEqual(LABELS);
    expect(metadata.imageSize).toBe(224);
    expect(metadata.userMetadata).not.toHaveProperty('notSureThreshold');
    const readme = text(files, 'README.txt');
    expect(readme).toContain('[n, 224, 224, 3]');
    expect(readme).toContain('Crop policy: take the largest centred square');
    expect(readme).toContain('x / 127.5 - 1');
    expect(readme).toMatch(/0 {2}Red circles\n {6}1 {2}Blue squares/);
    expect(readme).toMatch(/@teachablemachine\/image, image as is\s+\d\.\d{4}/);
    await expect(app.getByTestId('export-consumers')).toBeVisible();

    // What the README's table is made of, for the probe: this app's, TM's and ml5's preprocessing.
    const emulated = await app.evaluate(async (url) => window.transferLabInterop!.consumerProbabilities(url), dataUrl(probe));
    expectClose(emulated.ours, appProbabilities, PARITY, 'worker measurement vs Try-it');

    const served = { ...modelFiles(files), ...(await portableFiles()), 'probe.jpg': probe.buffer };
    const tfPage = await consumerPage(context, 'http://consumer.test', served, [TFJS_BUNDLE, TM_IMAGE_BUNDLE]);
    const viaTfjs = await predictWithTfjs(tfPage, 'probe.jpg');
    expectClose(viaTfjs, appProbabilities, PARITY, 'tf.loadLayersModel + our preprocessing vs Try-it');

    const tm = await predictWithTeachableMachine(tfPage, LABELS, 'probe.jpg');
    expectClose(tm.viaFiles, tm.viaUrl, 1e-6, 'tmImage.loadFromFiles vs tmImage.load');
    expectClose(tm.viaUrl, emulated.teachableMachine, PARITY, "Teachable Machine's predict vs the app's emulation of it");
    await tfPage.close();

    const ml5Page = await consumerPage(context, 'http://consumer.test', served, [ML5_BUNDLE]);
    const viaMl5 = await predictWithMl5(ml5Page, LABELS, 'probe.jpg');
    expectClose(viaMl5, emulated.ml5, PARITY, "ml5's classify vs the app's emulation of it");
    await ml5Page.close();
    console.log(
      `[interop] probe ${JSON.stringify({ app: appProbabilities, tfjs: viaTfjs, teachableMachine: tm.viaUrl, ml5: viaMl5, emulated })}`,
    );
  });

  test('head only: a few hundred KB, and the README recipe on the canonical trunk URL gives Try-it’s probabilities', async () => {
    const { name, files, bytes } = await downloadExport(app, 'head');
    exports.head = { files, bytes };
    console.log(`[interop] head zip ${bytes.byteLength} bytes; full zip ${exports.full!.bytes.byteLength} bytes`);
    expect(name).toBe('transfer-lab-head.zip');
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'head.json', 'labels.json', 'model.json', 'weights.bin']);
    expect(files['weights.bin'].byteLength).toBe((1280 * 100 + 100 + 100 * 2 + 2) * 4);
    expect(json(files, 'labels.json')).toEqual(LABELS);
    const head = json<{ trunk: { id: string; canonicalUrl: string; cut: string; embeddingSize: number }; notSureThreshold: number | null }>(
      files,
      'head.json',
    );
    expect(head.trunk).toMatchObject({ id: 'mobilenet_v2_0.35_224', canonicalUrl: V2_CANONICAL_URL, embeddingSize: 1280 });
    expect(head.trunk.cut).toContain('out_relu');
    expect(head.notSureThreshold).toBeNull();

    // Run the README's own recipe, with the canonical URL answered from the local mirror of the same weights.
    const readme = text(files, 'README.txt');
    const recipe = readme
      .slice(readme.indexOf('1. Load the trunk'), readme.indexOf('2. Load the head'))
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .join('\n');
    expect(recipe).toContain(`tf.loadLayersModel("${V2_CANONICAL_URL}")`);
    const mirror = path.join(MODELS_DIR, 'mobilenet_v2_0.35_224_no_top');
    const mirrorJson = JSON.parse(await readFile(path.join(mirror, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    const trunkFiles: Record<string, Buffer> = { 'model.json': await readFile(path.join(mirror, 'model.json')) };
    for (const shard of mirrorJson.weightsManifest.flatMap((g) => g.paths)) trunkFiles[shard] = await readFile(path.join(mirror, shard));
    const page = await consumerPage(
      context,
      'http://consumer.test',
      { ...modelFiles(files), ...(await portableFiles()), 'probe.jpg': probe.buffer },
      [TFJS_BUNDLE],
    );
    await serveFiles(page, V2_CANONICAL_URL.slice(0, V2_CANONICAL_URL.lastIndexOf('/')), trunkFiles);
    const probabilities = await page.evaluate(async (code) => {
      const tf = (globalThis as unknown as { tf: Tf }).tf;
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
        ...args: string[]
      ) => (tf: Tf) => Promise<import('@tensorflow/tfjs').LayersModel>;
      const trunk = await new AsyncFunction('tf', `${code}\nreturn trunk;`)(tf);
      const { decodePixels } = await import(`${location.origin}/portable/decode-pixels.js`);
      const { preprocessPixels } = await import(`${location.origin}/portable/preprocess-pixels.js`);
      const headModel = await tf.loadLayersModel(`${location.origin}/model/model.json`);
      const input = preprocessPixels(tf, [await decodePixels(await (await fetch('/probe.jpg')).blob())], 224);
      const output = headModel.predict(trunk.predict(input) as import('@tensorflow/tfjs').Tensor) as import('@tensorflow/tfjs').Tensor;
      return Array.from(await output.data());
    }, recipe);
    expectClose(probabilities, appProbabilities, PARITY, 'README recipe (canonical trunk + head) vs Try-it');
    await page.close();
  });

  test('standalone example: served from its own folder with nothing from the network, it classifies like Try-it, and the webcam works', async () => {
    const { name, files, bytes } = await downloadExport(app, 'example');
    expect(name).toBe('transfer-lab-example.zip');
    console.log(`[interop] example zip ${bytes.byteLength} bytes`);
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'classify.js',
      'decode-pixels.js',
      'index.html',
      'metadata.json',
      'model.json',
      'preprocess-pixels.js',
      'tf.min.js',
      'weights.bin',
    ]);
    // The example runs the app's own preprocessing files and TensorFlow.js itself, unchanged.
    for (const file of ['decode-pixels.js', 'preprocess-pixels.js']) {
      expect(Buffer.from(files[file]).equals(await readFile(path.join(PORTABLE_DIR, file))), file).toBe(true);
    }
    expect(Buffer.from(files['tf.min.js']).equals(await readFile(TFJS_BUNDLE))).toBe(true);
    expect(text(files, 'README.txt')).toContain('python3 -m http.server 8000');

    const page = await context.newPage();
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      foreign.push(route.request().url());
      return route.abort();
    });
    // https: browsers only offer cameras to secure pages (as on http://localhost).
    await serveFiles(page, 'https://example.test', files);
    await page.goto('https://example.test/index.html');
    await expect(page.locator('#status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(page.locator('#status')).toContainText('2 classes (Red circles, Blue squares)');
    await page.locator('#file').setInputFiles(probe);
    await expect(page.locator('#result')).toHaveAttribute('data-probabilities', /\[/);
    const probabilities = JSON.parse((await page.locator('#result').getAttribute('data-probabilities'))!) as number[];
    expectClose(probabilities, appProbabilities, PARITY, 'standalone example vs Try-it');
    const top = appProbabilities[0] > appProbabilities[1] ? LABELS[0] : LABELS[1];
    await expect(page.locator('#answer')).toHaveAttribute('data-answer', top);

    // Fake camera (Chromium's test pattern): the loop classifies frames until stopped.
    await page.locator('#result').evaluate((el) => el.removeAttribute('data-probabilities'));
    await page.locator('#webcam').click();
    await expect(page.locator('#video')).toBeVisible();
    await expect(page.locator('#result')).toHaveAttribute('data-probabilities', /\[/, { timeout: 60_000 });
    await page.locator('#webcam').click();
    await expect(page.locator('#video')).toBeHidden();
    await expect(page.locator('#error')).toHaveText('');
    expect(foreign).toEqual([]);
    await page.close();
  });

  test('"not sure" threshold: written to metadata and README, and the example answers "not sure" below it', async () => {
    const threshold = Number((Math.max(...appProbabilities) + 0.05).toFixed(2));
    const { files } = await downloadExport(app, 'example', { threshold });
    expect(json<{ userMetadata: { notSureThreshold: number } }>(files, 'metadata.json').userMetadata.notSureThreshold).toBe(threshold);
    // One threshold for the app: Try-it says "not sure" for the probe too.
    await tryItProbabilities(app, probe);
    await expect(app.getByTestId('prediction-label')).toHaveText('not sure');
    expect(text(files, 'README.txt')).toContain(`${threshold}: when the highest probability is below ${threshold}, show "not sure"`);
    const page = await context.newPage();
    await serveFiles(page, 'http://example.test', files);
    await page.goto('http://example.test/index.html');
    await expect(page.locator('#status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(page.locator('#status')).toContainText(`Below ${Math.round(threshold * 100)}% the answer is "not sure"`);
    // Dropped this time, the way a file manager drops a file.
    const dataTransfer = await page.evaluateHandle(
      async ({ base64, type }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'probe.jpg', { type }));
        return transfer;
      },
      { base64: probe.buffer.toString('base64'), type: probe.mimeType },
    );
    await page.locator('#drop').dispatchEvent('dragover', { dataTransfer });
    await page.locator('#drop').dispatchEvent('drop', { dataTransfer });
    await expect(page.locator('#answer')).toHaveAttribute('data-answer', 'not sure');
    await expect(page.locator('#answer')).toContainText('Not sure (best guess:');
    await page.close();
    // An impossible threshold is refused before anything is written.
    await goToStep(app, 'export');
    await app.getByTestId('export-threshold-toggle').check();
    await app.getByTestId('export-threshold-input').fill('1.5');
    await expect(app.getByTestId('export-threshold-error')).toContainText('between 0 and 1');
    await expect(app.getByTestId('export-button')).toBeDisabled();
    await app.getByTestId('export-threshold-toggle').uncheck();
  });

  test('quantised: size and accuracy change shown before download, and the file still loads in tfjs and Teachable Machine', async () => {
    const tensorsBefore = await app.evaluate(() => window.transferLab!.memory().then((m) => m.numTensors));
    await goToStep(app, 'export');
    await app.getByTestId('export-kind-quantized').check();
    await expect(app.getByTestId('export-button')).toBeDisabled(); // not before measuring
    const served = (files: ZipFiles) => ({ ...modelFiles(files), ...await_portable, 'probe.jpg': probe.buffer });
    const await_portable = await portableFiles();

    const float16 = await downloadExport(app, 'quantized', { dtype: 'float16' });
    expect(float16.name).toBe('transfer-lab-model-float16.zip');
    const report = app.getByTestId('export-quantization-report');
    await expect(report).toHaveAttribute('data-images', 'validation');
    await expect(report).toHaveAttribute('data-image-count', '2');
    await expect(report).toContainText(/Accuracy on 2 validation images of the last run: \d+\.\d% → \d+\.\d%/);
    const originalBytes = Number(await report.getAttribute('data-original-bytes'));
    expect(Number(await report.getAttribute('data-quantized-bytes'))).toBe(originalBytes / 2);
    expect(float16.files['weights.bin'].byteLength).toBe(originalBytes / 2);
    expect(text(float16.files, 'README.txt')).toMatch(/weights\.bin: \d\.\d\d MB instead of \d\.\d\d MB \(50\.0%\)/);
    let page = await consumerPage(context, 'http://consumer.test', served(float16.files), [TFJS_BUNDLE]);
    const viaFloat16 = await predictWithTfjs(page, 'probe.jpg');
    expectClose(viaFloat16, appProbabilities, 0.02, 'float16 model in tfjs vs full precision in Try-it');
    await page.close();

    const uint8 = await downloadExport(app, 'quantized', { dtype: 'uint8' });
    expect(uint8.name).toBe('transfer-lab-model-uint8.zip');
    const uint8Bytes = Number(await report.getAttribute('data-quantized-bytes'));
    expect(uint8Bytes).toBeLessThan(originalBytes * 0.3);
    expect(uint8.files['weights.bin'].byteLength).toBe(uint8Bytes);
    const weights = json<{ weightsManifest: { weights: { name: string; quantization?: { dtype: string } }[] }[] }>(
      uint8.files,
      'model.json',
    ).weightsManifest[0].weights;
    expect(weights.filter((w) => w.quantization).every((w) => w.quantization!.dtype === 'uint8' && /kernel$/.test(w.name))).toBe(true);
    expect(weights.filter((w) => /moving_variance$/.test(w.name)).every((w) => !w.quantization)).toBe(true);
    expect(text(uint8.files, 'README.txt')).toContain('Kernels (conv, depthwise, dense) stored as uint8');
    expect(json<{ userMetadata: { quantization: string } }>(uint8.files, 'metadata.json').userMetadata.quantization).toBe('uint8');
    page = await consumerPage(context, 'http://consumer.test', served(uint8.files), [TFJS_BUNDLE, TM_IMAGE_BUNDLE]);
    const viaUint8 = await predictWithTfjs(page, 'probe.jpg');
    expect(viaUint8.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const tm = await predictWithTeachableMachine(page, LABELS, 'probe.jpg');
    expect(tm.viaFiles.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Measuring and exporting (quantised model, other tools' preprocessing) leave no tensors behind.
    expect(await app.evaluate(() => window.transferLab!.memory().then((m) => m.numTensors))).toBe(tensorsBefore);
    console.log(
      `[interop] quantised probe ${JSON.stringify({ full: appProbabilities, float16: viaFloat16, uint8: viaUint8, originalBytes, uint8Bytes })}`,
    );
    await page.close();
  });

  test('malformed model files each get a specific message, and nothing in the project changes', async () => {
    const before = await projectState(app);
    const tensorsBefore = await app.evaluate(() => window.transferLab!.memory().then((m) => m.numTensors));
    const full = exports.full!.files;
    const graphModel = JSON.stringify({
      format: 'graph-model',
      modelTopology: { node: [{ name: 'x', op: 'Placeholder' }] },
      weightsManifest: [],
    });
    const threeLabels = JSON.stringify({ ...json(full, 'metadata.json'), labels: ['a', 'b', 'c'] });
    const cases: { what: string; files: ReturnType<typeof picked>; message: RegExp }[] = [
      {
        what: 'missing shard',
        files: picked({ 'model.json': full['model.json'], 'metadata.json': full['metadata.json'] }),
        message: /model\.json needs the weight file "weights\.bin", which is not among the files picked/,
      },
      {
        what: 'wrong byte count',
        files: picked({
          'model.json': full['model.json'],
          'weights.bin': full['weights.bin'].slice(0, 1000),
          'metadata.json': full['metadata.json'],
        }),
        message: /"weights\.bin" holds 1,000 bytes but model\.json describes [\d,]+ bytes of weights: the file is truncated/,
      },
      {
        what: 'not a layers model',
        files: picked({ 'model.json': graphModel, 'metadata.json': full['metadata.json'] }),
        message: /graph model .* not a layers model/,
      },
      {
        what: 'labels vs outputs',
        files: picked({ 'model.json': full['model.json'], 'weights.bin': full['weights.bin'], 'metadata.json': threeLabels }),
        message: /metadata\.json lists 3 labels but the model in model\.json outputs 2 probabilities/,
      },
      {
        what: 'bad metadata JSON',
        files: picked({ 'model.json': full['model.json'], 'weights.bin': full['weights.bin'], 'metadata.json': '{"labels": ["a",' }),
        message: /metadata\.json is not valid JSON/,
      },
      {
        what: 'bad model JSON',
        files: picked({
          'model.json': text(full, 'model.json').slice(0, 500),
          'weights.bin': full['weights.bin'],
          'metadata.json': full['metadata.json'],
        }),
        message: /model\.json is not valid JSON/,
      },
      {
        what: 'no labels',
        files: picked({ 'model.json': full['model.json'], 'weights.bin': full['weights.bin'] }),
        message: /No class labels: pick metadata\.json/,
      },
      {
        what: 'damaged zip',
        files: picked({ 'model.zip': 'PK this is not really a zip' }),
        message: /"model\.zip" is not a zip archive, or the archive is damaged \(no end-of-archive record\)/,
      },
      {
        what: 'zip without its weights',
        files: picked({ 'model.zip': zipOf({ 'model.json': full['model.json'], 'metadata.json': full['metadata.json'] }) }),
        message: /needs the weight file "weights\.bin"/,
      },
    ];
    for (const { what, files, message } of cases) {
      await pickModelFiles(app, files);
      await expect(app.getByTestId('import-error'), what).toHaveText(message);
      await expect(app.getByTestId('import-preview')).toHaveCount(0);
      expect(await projectState(app), what).toEqual(before);
    }
    expectClose(await tryItProbabilities(app, probe), appProbabilities, 1e-6, 'Try-it after the failed imports');
    // Checking a model builds it on the backend; every tensor of it is freed again.
    expect(await app.evaluate(() => window.transferLab!.memory().then((m) => m.numTensors))).toBe(tensorsBefore);
  });

  test('our full export comes back in: its classes replace ours (after a warning) and Try-it gives the same probabilities', async () => {
    await pickModelFiles(app, picked({ 'transfer-lab-model.zip': exports.full!.bytes }));
    const preview = app.getByTestId('import-preview');
    await expect(preview).toHaveAttribute('data-kind', 'full');
    await expect(preview).toHaveAttribute('data-labels', JSON.stringify(LABELS));
    await expect(preview).toContainText('Transfer Lab image model');
    await expect(app.getByTestId('import-replace-warning')).toContainText('replaces the project’s 2 classes and their 16 images');
    await app.getByTestId('import-apply').click();
    await expect(app.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
    const after = await projectState(app);
    expect(after.classes.map((c) => [c.label, c.count])).toEqual(LABELS.map((label) => [label, 0]));
    expect(after.trunk).toMatch(/^imported:transfer-lab-model#[0-9a-f]{8}$/);
    expectClose(await tryItProbabilities(app, probe), appProbabilities, 1e-5, 'Try-it with the re-imported full model');
  });

  test('our head-only export comes back in once its trunk is the project’s trunk', async () => {
    const headZip = picked({ 'transfer-lab-head.zip': exports.head!.bytes });
    await pickModelFiles(app, headZip);
    await expect(app.getByTestId('import-blocker')).toContainText('This head was trained on the trunk "MobileNet V2');
    await expect(app.getByTestId('import-apply')).toBeDisabled();
    // Doing what the message says clears it, without picking the files again.
    await openTrunkDetails(app);
    await app.getByTestId('trunk-select').selectOption('mobilenet_v2_0.35_224');
    await expect.poll(async () => (await projectState(app)).trunk, { timeout: 120_000 }).toBe('mobilenet_v2_0.35_224');
    await expect(app.getByTestId('import-blocker')).toHaveCount(0);
    await expect(app.getByTestId('import-preview')).toHaveAttribute('data-kind', 'head');
    await expect(app.getByTestId('import-replace-warning')).toHaveCount(0); // the project has no images now
    await app.getByTestId('import-apply').click();
    await expect(app.getByTestId('import-done')).toBeVisible();
    expectClose(await tryItProbabilities(app, probe), appProbabilities, 1e-5, 'Try-it with the re-imported head');
  });
});

test('Teachable Machine exports come in: as a trunk for our classes, and as models whose labels (Korean too) become the classes', async ({
  page,
  context,
}) => {
  test.skip(!existsSync(path.join(MODELS_DIR, 'teachable-machine-exports/ssuyeoncho/model.json')), 'needs the shared model mirror');
  await openApp(page);
  await renameClass(page, 0, LABELS[0]);
  await renameClass(page, 1, LABELS[1]);
  await uploadImages(page, 0, await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 4, seed: 21 }));
  await uploadImages(page, 1, await generateShapeImages(page, { shape: 'square', color: '#2563eb', count: 4, seed: 22 }));
  await expectClassCount(page, 1, 4);

  // 1. Its trunk as the project's trunk: classes and images stay; training uses the imported trunk.
  const korean = await teachableMachineExportFiles('ssuyeoncho');
  await pickModelFiles(page, picked(korean));
  await expect(page.getByTestId('import-preview')).toHaveAttribute('data-labels', JSON.stringify(['가위', '주먹']));
  await expect(page.getByTestId('import-preview')).toContainText('Teachable Machine image model');
  await expect(page.getByTestId('import-replace-warning')).toBeVisible();
  await page.getByTestId('import-use-trunk').click();
  await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
  let state = await projectState(page);
  expect(state.classes.map((c) => [c.label, c.count])).toEqual([
    [LABELS[0], 4],
    [LABELS[1], 4],
  ]);
  expect(state.trunk).toMatch(/^imported:tm-my-image-model#/);
  await setSetting(page, 'epochs', 5);
  await startTraining(page);
  await waitForTrainingDone(page);
  const circle = (await generateShapeImages(page, { shape: 'circle', color: '#dc2626', count: 1, seed: 23 }))[0];
  await tryItProbabilities(page, circle);
  await expect(page.getByTestId('prediction-label')).toHaveText(LABELS[0]);

  // 2. The other export, as the .zip Teachable Machine downloads: its labels replace our classes.
  const other = await teachableMachineExportFiles('yogamaulana17');
  await pickModelFiles(page, picked({ 'tm-model.zip': zipOf(other) }));
  await expect(page.getByTestId('import-preview')).toHaveAttribute('data-labels', JSON.stringify(['mine', 'alone']));
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
  state = await projectState(page);
  expect(state.classes.map((c) => [c.label, c.count])).toEqual([
    ['mine', 0],
    ['alone', 0],
  ]);

  // 3. The Korean one as three picked files, into what is now an empty project: no warning, Try-it at once,
  // with the probabilities tf.loadLayersModel gives for the same preprocessing.
  await pickModelFiles(page, picked(korean));
  await expect(page.getByTestId('import-replace-warning')).toHaveCount(0);
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('class-card')).toHaveCount(2);
  await expect(classCard(page, 0)).toHaveAttribute('data-label', '가위');
  await expect(classCard(page, 1)).toHaveAttribute('data-label', '주먹');
  const hand = (
    await generateShapeImages(page, { shape: 'triangle', color: '#d97706', count: 1, seed: 24, size: 400, type: 'image/jpeg' })
  )[0];
  const appSays = await tryItProbabilities(page, hand);
  await expect(page.getByTestId('prediction-bar').first()).toHaveAttribute('data-label', '가위');
  const consumer = await consumerPage(
    context,
    'http://consumer.test',
    {
      ...Object.fromEntries(Object.entries(korean).map(([n, b]) => [`model/${n}`, b])),
      ...(await portableFiles()),
      'probe.jpg': hand.buffer,
    },
    [TFJS_BUNDLE],
  );
  expectClose(await predictWithTfjs(consumer, 'probe.jpg'), appSays, PARITY, 'Try-it with the imported TM model vs tf.loadLayersModel');
});

/** A red circle and a blue square side by side in a 640x480 JPEG; `balance` sets the circle's share. */
async function twoShapeImage(page: Page, balance: number): Promise<GeneratedImage> {
  const base64 = await page.evaluate(async (share) => {
    const canvas = new OffscreenCanvas(640, 480);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'rgb(225,225,225)';
    ctx.fillRect(0, 0, 640, 480);
    ctx.fillStyle = '#dc2626';
    ctx.beginPath();
    ctx.arc(320 - 150 * (1 - share), 240, 260 * share, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#2563eb';
    const side = 420 * (1 - share);
    ctx.fillRect(320 + 150 * share - side / 2, 240 - side / 2, side, side);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    let binary = '';
    for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    return btoa(binary);
  }, balance);
  return { name: `two-shapes-${balance.toFixed(2)}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}

function dataUrl(image: GeneratedImage): string {
  return `data:${image.mimeType};base64,${image.buffer.toString('base64')}`;
}
