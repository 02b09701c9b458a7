// `npm run bench -- --lesson`: the lesson's scenario presets (src/ml/lab/scenario-presets.ts) and
// the develop-model experiment (your own source model trained on the ten-shapes source task,
// reused on the five new shapes), each run through the lab's own UI in headless Chromium (the path
// of scripts/bench/compare.ts), one JSON line per experiment on stdout:
//   {"experiment","advice","testAccuracy":{strategy: mean over seeds},"winner","matchesAdvice","seeds","wallMs",...}
// Generated pictures are drawn by src/ml/samples and written as PNG files; the "similar" cells
// need real photos like ImageNet's, read from --photos DIR (flowers12 by default; never committed).
//
//   npm run bench -- --lesson [--scale F] [--seeds N] [--epochs N] [--experiments a,b]
//                     [--photos DIR] [--port 4205] [--out-dir dist-bench] [--no-build]
import { chromium, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { StrategyId } from '../../src/ml/lab/lab-types';
import { judgeExperiment, SCENARIO_PRESETS, type ScenarioPreset } from '../../src/ml/lab/scenario-presets';
import { DEFAULT_SOURCE_TRAIN_SETTINGS } from '../../src/ml/lab/lab-types';
import { renderSample, SAMPLE_TASKS, samplePictures } from '../../src/ml/samples/tasks';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../chromium';
import { openLabDisclosure } from './app-steps';
import { fillClasses, runLabComparison } from './compare';
import { encodePng } from './png';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_PHOTOS = path.resolve(REPO_ROOT, '../shared/datasets/flowers12');
/** Five flowers of distinct colours: the set docs/lab.md measures. */
const SMALL_SIMILAR_CLASSES = ['daisy', 'dandelion', 'pansy', 'sunflower', 'tigerlily'];
/** Every class needs 3+ pictures (training, validation, test) and a few more to be worth scoring. */
const MIN_PER_CLASS = 8;

/**
 * develop-model: your own source model, trained in the lab on the ten-shapes source task (300
 * pictures per class at full scale, never fewer than 60), reused frozen on the five new shapes (40
 * per class at full scale), against the ImageNet trunk's feature extraction and scratch. The
 * material's advice: a source model trained on a related task with plenty of data is the base to
 * reuse, so its features should win.
 */
const DEVELOP_MODEL = {
  experiment: 'develop-model',
  advice: 'source-features' as StrategyId,
  strategies: ['feature-extraction', 'source-features', 'scratch'] as StrategyId[],
  sourceSetId: 'shapes-source',
  sourcePerClass: 300,
  minSourcePerClass: 60,
  targetTaskId: 'shapes-new5',
  targetPerClass: 40,
};

export interface LessonLine {
  experiment: string;
  advice: StrategyId;
  testAccuracy: Partial<Record<StrategyId, number>>;
  winner: StrategyId;
  matchesAdvice: boolean;
  seeds: number;
  wallMs: number;
  perClass: number;
  classes: number;
  data: string;
  split: { train: number; val: number; test: number };
}

interface LessonArgs {
  scale: number;
  seeds: number;
  epochs: number;
  experiments: string[];
  photos: string;
  port: number;
  outDir: string;
  noBuild: boolean;
}

function parseLessonArgs(argv: string[]): LessonArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scale: { type: 'string' },
      seeds: { type: 'string' },
      epochs: { type: 'string' },
      experiments: { type: 'string' },
      photos: { type: 'string' },
      port: { type: 'string' },
      'out-dir': { type: 'string' },
      'no-build': { type: 'boolean' },
    },
  });
  const number = (value: string | undefined, fallback: number, flag: string, min: number, max: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${flag} must be a number from ${min} to ${max}, got "${value}".`);
    return n;
  };
  const known = [...SCENARIO_PRESETS.map((p) => p.experiment as string), DEVELOP_MODEL.experiment];
  const experiments =
    values.experiments
      ?.split(',')
      .map((e) => e.trim())
      .filter(Boolean) ?? known;
  for (const e of experiments) if (!known.includes(e)) throw new Error(`--experiments: unknown "${e}" (known: ${known.join(', ')}).`);
  return {
    scale: number(values.scale, 1, '--scale', 0.01, 1),
    seeds: Math.round(number(values.seeds, 2, '--seeds', 1, 10)),
    epochs: Math.round(number(values.epochs, 10, '--epochs', 2, 100)),
    experiments,
    photos: path.resolve(values.photos ?? DEFAULT_PHOTOS),
    port: Math.round(number(values.port, 4205, '--port', 1024, 65535)),
    outDir: values['out-dir'] ?? 'dist-bench',
    noBuild: values['no-build'] ?? false,
  };
}

/** Draws the preset's generated pictures into DIR/<label>/*.png. */
function writeGenerated(preset: ScenarioPreset, taskId: string, perClass: number, dir: string): { label: string; files: string[] }[] {
  return writeTask(taskId, perClass, preset.classes, dir);
}

/** Draws `perClass` pictures of the first `classCount` classes of a generated task into DIR/<label>/*.png. */
function writeTask(taskId: string, perClass: number, classCount: number | undefined, dir: string): { label: string; files: string[] }[] {
  const task = SAMPLE_TASKS.find((t) => t.id === taskId);
  if (!task) throw new Error(`No generated task "${taskId}".`);
  const byLabel = new Map<string, string[]>();
  for (const picture of samplePictures(task, perClass, classCount)) {
    const folder = path.join(dir, picture.label);
    mkdirSync(folder, { recursive: true });
    const image = renderSample(task, picture.classIndex, picture.index, 224);
    const rgb = new Uint8Array(image.width * image.height * 3);
    for (let p = 0; p < image.width * image.height; p++) rgb.set(image.data.subarray(p * 4, p * 4 + 3), p * 3);
    const file = path.join(folder, picture.name);
    writeFileSync(file, encodePng(image.width, image.height, rgb));
    byLabel.set(picture.label, [...(byLabel.get(picture.label) ?? []), file]);
  }
  return [...byLabel].map(([label, files]) => ({ label, files }));
}

function photoClasses(preset: ScenarioPreset, photos: string, perClass: number): { label: string; files: string[] }[] {
  const root = existsSync(path.join(photos, 'train')) ? path.join(photos, 'train') : photos;
  if (!existsSync(root))
    throw new Error(`No photos at ${photos}: the "similar" scenarios need real photos like ImageNet's (--photos DIR).`);
  const available = readdirSync(root).sort();
  const labels =
    preset.classes === SMALL_SIMILAR_CLASSES.length && SMALL_SIMILAR_CLASSES.every((c) => available.includes(c))
      ? SMALL_SIMILAR_CLASSES
      : available.slice(0, preset.classes);
  // The app keeps one copy of byte-identical photos (flowers12's iris has one: image_0422.jpg and
  // image_0469.jpg), so a bench that counted files waited for 720 of 12 x 60 and timed out at 719.
  const seen = new Set<string>();
  const distinct = (file: string): boolean => {
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  };
  return labels.map((label) => ({
    label,
    files: readdirSync(path.join(root, label))
      .filter((f) => /\.(jpe?g|png)$/i.test(f))
      .sort()
      .map((f) => path.join(root, label, f))
      .filter(distinct)
      .slice(0, perClass),
  }));
}

async function newProject(page: Page): Promise<void> {
  const before = await page.evaluate(() =>
    window
      .transferLab!.snapshot()
      .classes.map((c) => c.id)
      .join(),
  );
  // The project buttons live on the Data step; the previous preset left the page on the Lab step.
  await page.getByTestId('step-data').click();
  await page.getByTestId('project-new').click();
  await page.waitForFunction(
    (ids) => {
      const classes = window.transferLab?.snapshot().classes ?? [];
      return classes.map((c) => c.id).join() !== ids && classes.every((c) => c.count === 0);
    },
    before,
    { timeout: 60_000 },
  );
}

async function runPreset(page: Page, preset: ScenarioPreset, args: LessonArgs, workDir: string): Promise<LessonLine> {
  const perClass = Math.max(MIN_PER_CLASS, Math.round(preset.perClass * args.scale));
  const classes =
    preset.data.kind === 'generated'
      ? writeGenerated(preset, preset.data.taskId, perClass, path.join(workDir, preset.experiment))
      : photoClasses(preset, args.photos, perClass);
  await newProject(page);
  // 720 flower photos took longer than fillClasses' default 120 s to load at load average 11: allow 1 s a picture.
  await fillClasses(page, classes, Math.max(120_000, 1000 * classes.reduce((n, c) => n + c.files.length, 0)));
  const started = Date.now();
  const result = await runLabComparison(page, {
    strategies: preset.strategies,
    settings: { epochs: args.epochs, seeds: args.seeds, fineTuneBlocks: preset.fineTuneBlocks },
  });
  const wallMs = Date.now() - started;
  const testAccuracy: Partial<Record<StrategyId, number>> = {};
  for (const line of result.lines) if (line.testAccuracy !== null) testAccuracy[line.strategy] = Number(line.testAccuracy.toFixed(3));
  const verdict = judgeExperiment(preset.advice, testAccuracy);
  return {
    experiment: preset.experiment,
    advice: preset.advice,
    testAccuracy,
    ...verdict,
    seeds: args.seeds,
    wallMs,
    perClass: Math.min(perClass, ...classes.map((c) => c.files.length)),
    classes: classes.length,
    data: preset.data.kind === 'generated' ? `generated ${preset.data.taskId}` : path.basename(args.photos),
    split: result.split,
  };
}

/** Trains your own source model through the lab's "your own source model" panel and waits until it is kept. */
async function trainSourceModel(page: Page, perClass: number): Promise<{ validationAccuracy: number | null; trainMs: number }> {
  await openLabDisclosure(page, 'source-model-panel');
  const panel = page.getByTestId('source-model-panel');
  await panel.getByTestId('source-model-source').selectOption(`sample:${DEVELOP_MODEL.sourceSetId}`);
  await panel.getByTestId('source-model-per-class').fill(String(perClass));
  await panel.getByTestId('source-model-epochs').fill(String(DEFAULT_SOURCE_TRAIN_SETTINGS.epochs));
  await panel.getByTestId('source-model-train').click();
  const status = panel.getByTestId('source-model-status');
  await page.waitForFunction(
    () =>
      ['done', 'stopped', 'error'].includes(
        document.querySelector('[data-testid="source-model-status"]')?.getAttribute('data-status') ?? '',
      ),
    undefined,
    { timeout: 900_000, polling: 500 },
  );
  if ((await status.getAttribute('data-status')) !== 'done')
    throw new Error(
      `The source model did not finish: ${await panel
        .getByTestId('source-model-error')
        .textContent()
        .catch(() => 'no message')}`,
    );
  const details = (await panel.getByTestId('source-trunk-details').textContent()) ?? '';
  const accuracy = details.match(/(\d+)% of its own validation/)?.[1];
  const seconds = (await status.textContent())?.match(/\((\d+) s\)/)?.[1];
  return { validationAccuracy: accuracy ? Number(accuracy) / 100 : null, trainMs: seconds ? Number(seconds) * 1000 : NaN };
}

async function runDevelopModel(page: Page, args: LessonArgs, workDir: string): Promise<LessonLine & { source: object }> {
  const sourcePerClass = Math.max(DEVELOP_MODEL.minSourcePerClass, Math.round(DEVELOP_MODEL.sourcePerClass * args.scale));
  const perClass = Math.max(MIN_PER_CLASS, Math.round(DEVELOP_MODEL.targetPerClass * args.scale));
  const classes = writeTask(DEVELOP_MODEL.targetTaskId, perClass, undefined, path.join(workDir, DEVELOP_MODEL.experiment));
  await newProject(page);
  await fillClasses(page, classes);
  const started = Date.now();
  const source = await trainSourceModel(page, sourcePerClass);
  const result = await runLabComparison(page, {
    strategies: DEVELOP_MODEL.strategies,
    settings: { epochs: args.epochs, seeds: args.seeds },
  });
  const wallMs = Date.now() - started;
  const testAccuracy: Partial<Record<StrategyId, number>> = {};
  for (const line of result.lines) if (line.testAccuracy !== null) testAccuracy[line.strategy] = Number(line.testAccuracy.toFixed(3));
  return {
    experiment: DEVELOP_MODEL.experiment,
    advice: DEVELOP_MODEL.advice,
    testAccuracy,
    ...judgeExperiment(DEVELOP_MODEL.advice, testAccuracy),
    seeds: args.seeds,
    wallMs,
    perClass,
    classes: classes.length,
    data: `generated ${DEVELOP_MODEL.targetTaskId}`,
    split: result.split,
    source: {
      data: `generated ${DEVELOP_MODEL.sourceSetId}`,
      perClass: sourcePerClass,
      epochs: DEFAULT_SOURCE_TRAIN_SETTINGS.epochs,
      imageSize: DEFAULT_SOURCE_TRAIN_SETTINGS.imageSize,
      ...source,
    },
  };
}

export async function lessonMain(argv: string[]): Promise<void> {
  const args = parseLessonArgs(argv);
  const { build, preview } = await import('vite');
  if (!args.noBuild || !existsSync(path.join(REPO_ROOT, args.outDir, 'index.html'))) {
    process.stderr.write(`building into ${args.outDir}…\n`);
    // window.transferLab exists only in test-hooks builds (src/app/test-hooks.ts).
    await build({ root: REPO_ROOT, mode: 'test-hooks', logLevel: 'warn', build: { outDir: args.outDir } });
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'lesson-bench-'));
  const server = await preview({
    root: REPO_ROOT,
    logLevel: 'warn',
    build: { outDir: args.outDir },
    preview: { host: '127.0.0.1', port: args.port, strictPort: true },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  const started = Date.now();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`http://127.0.0.1:${args.port}/`);
    await page.waitForFunction(() => window.transferLab?.snapshot().trunk.status === 'ready', undefined, { timeout: 180_000 });
    for (const preset of SCENARIO_PRESETS.filter((p) => args.experiments.includes(p.experiment))) {
      process.stderr.write(`${preset.experiment}: ${preset.strategies.join(' vs ')}…\n`);
      process.stdout.write(`${JSON.stringify(await runPreset(page, preset, args, workDir))}\n`);
    }
    if (args.experiments.includes(DEVELOP_MODEL.experiment)) {
      process.stderr.write(`${DEVELOP_MODEL.experiment}: your own source model, then ${DEVELOP_MODEL.strategies.join(' vs ')}…\n`);
      process.stdout.write(`${JSON.stringify(await runDevelopModel(page, args, workDir))}\n`);
    }
    process.stderr.write(
      `${JSON.stringify({ totalMs: Date.now() - started, cores: os.cpus().length, loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))) })}\n`,
    );
  } finally {
    await browser.close();
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
