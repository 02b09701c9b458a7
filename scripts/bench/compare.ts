// The lab's comparison, driven through the app's own UI in headless Chromium: what a student sees
// is what gets measured. `runLabComparison(page)` works on a page where the app is loaded and the
// classes are filled (the main bench wires it into `npm run bench -- --compare`); run standalone,
//   npx tsx scripts/bench/compare.ts --dataset DIR --classes a,b,c [--per-class 30]
// builds the app, serves it, loads the images, runs the comparison and prints one JSON line per
// strategy: start, slope, asymptote, testAccuracy, wallMs (mean per run over seeds).
import { chromium, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_STRATEGY_IDS, STRATEGY_IDS, type LabSettings, type StrategyId } from '../../src/ml/lab/lab-types';
import { meanTransferBenefits } from '../../src/ml/lab/transfer-benefits';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../chromium';
import { openLabDisclosure, openTrunkDetails, showStep } from './app-steps';

export interface CompareLine {
  strategy: StrategyId;
  start: number | null;
  slope: number | null;
  asymptote: number | null;
  testAccuracy: number | null;
  /** Mean wall time of one run (one seed), preparing the model included. */
  wallMs: number | null;
  seeds: number;
  epochs: number;
}

export interface CompareOptions {
  /** Default: all four. */
  strategies?: StrategyId[];
  /** Settings typed into the lab's fields before running (only the keys given). */
  settings?: Partial<LabSettings>;
  timeoutMs?: number;
}

export interface CompareResult {
  lines: CompareLine[];
  /** The whole comparison as the app timed it (preparing images excluded), and from the click (included). */
  comparisonMs: number;
  clickToDoneMs: number;
  split: { train: number; val: number; test: number };
  backend: string | null;
}

// Every strategy box, your own source model's two included (unticked and disabled until one is kept).
const ALL: StrategyId[] = [...STRATEGY_IDS];

async function setLabSetting(page: Page, key: keyof LabSettings, value: number): Promise<void> {
  await showStep(page, 'lab');
  const field = page.getByTestId(`lab-setting-${key}`);
  if (!(await field.isVisible())) await page.getByTestId('lab-more-settings-toggle').click();
  await field.fill(String(value));
}

function mean(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

/** Runs the comparison through the lab's controls and reads the results from its automation handle. */
export async function runLabComparison(page: Page, options: CompareOptions = {}): Promise<CompareResult> {
  const strategies = options.strategies ?? [...DEFAULT_STRATEGY_IDS];
  await showStep(page, 'lab');
  await page.getByTestId('lab-panel').scrollIntoViewIfNeeded();
  for (const id of ALL) {
    const box = page.getByTestId(`lab-strategy-${id}`);
    // Your own model's two strategies are listed only once a model of your own exists.
    if ((await box.count()) === 0) {
      if (strategies.includes(id)) throw new Error(`The lab does not offer "${id}" yet: develop your own model first.`);
      continue;
    }
    if ((await box.isChecked()) !== strategies.includes(id)) await box.click();
  }
  for (const [key, value] of Object.entries(options.settings ?? {}))
    if (key !== 'fineTuneBlocks') await setLabSetting(page, key as keyof LabSettings, value as number);
  // The depth is a slider, not a number field: set it the way a drag does (an input event React hears).
  if (options.settings?.fineTuneBlocks !== undefined) {
    await page.getByTestId('lab-finetune-blocks').evaluate((element, units) => {
      const slider = element as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(slider, String(units));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }, options.settings.fineTuneBlocks);
  }

  const clicked = Date.now();
  await page.getByTestId('lab-run').click();
  await page.waitForFunction(
    () => {
      const status = window.transferLabLab?.snapshot().comparison.status;
      return status === 'done' || status === 'stopped' || status === 'error';
    },
    undefined,
    { timeout: options.timeoutMs ?? 900_000, polling: 500 },
  );
  const clickToDoneMs = Date.now() - clicked;
  const snapshot = await page.evaluate(() => window.transferLabLab!.snapshot());
  if (snapshot.comparison.status !== 'done' || !snapshot.summary) {
    throw new Error(`The comparison ended ${snapshot.comparison.status}: ${snapshot.comparison.message ?? 'no message'}`);
  }
  const backend = await page
    .getByTestId('backend-status')
    .getAttribute('data-backend')
    .catch(() => null);
  const lines = strategies.map((strategy): CompareLine => {
    const run = snapshot.runs[strategy];
    const seeds = run?.seeds ?? [];
    const promises = meanTransferBenefits(seeds.map((s) => s.epochs));
    return {
      strategy,
      start: promises?.start ?? null,
      slope: promises?.slope ?? null,
      asymptote: promises?.asymptote ?? null,
      testAccuracy: mean(seeds.map((s) => s.testAccuracy)),
      wallMs: mean(seeds.map((s) => s.wallMs)),
      seeds: seeds.length,
      epochs: run?.epochBudget ?? 0,
    };
  });
  const { summary } = snapshot;
  return {
    lines,
    comparisonMs: summary.wallMs,
    clickToDoneMs,
    split: { train: summary.trainCount, val: summary.valCount, test: summary.testCount },
    backend,
  };
}

/** Runs the advisor's measurement through its button; returns the assessment and the advice shown. */
export async function runLabAssessment(
  page: Page,
): Promise<{ assessment: unknown; recommendation: string | null; strategy: string | null }> {
  await openLabDisclosure(page, 'advisor');
  await page.getByTestId('advisor-assess').click();
  await page.waitForFunction(() => ['done', 'error'].includes(window.transferLabLab?.snapshot().assessment.status ?? ''), undefined, {
    timeout: 600_000,
    polling: 500,
  });
  const { assessment } = await page.evaluate(() => window.transferLabLab!.snapshot());
  if (assessment.status !== 'done') throw new Error(`The assessment failed: ${assessment.message}`);
  const advice = page.getByTestId('advisor-recommendation');
  return {
    assessment: assessment.result,
    recommendation: await advice.getAttribute('data-recommendation'),
    strategy: await advice.getAttribute('data-strategy'),
  };
}

/** Runs the data-size curve through its button; returns its points. */
export async function runLabDataSize(page: Page): Promise<unknown> {
  await openLabDisclosure(page, 'lab-datasize');
  await page.getByTestId('lab-datasize-run').click();
  await page.waitForFunction(
    () => ['done', 'stopped', 'error'].includes(window.transferLabLab?.snapshot().dataSize.status ?? ''),
    undefined,
    { timeout: 900_000, polling: 500 },
  );
  const { dataSize } = await page.evaluate(() => window.transferLabLab!.snapshot());
  if (dataSize.status !== 'done') throw new Error(`The data-size curve ended ${dataSize.status}: ${dataSize.message}`);
  return dataSize.points;
}

// --- standalone ------------------------------------------------------------------------------

/**
 * CPU time (user + system, ms) used so far by every process below this one (the browser and its
 * renderer, where the worker runs), from /proc; null off Linux. On a machine shared with other
 * work, CPU time says what the comparison costs better than wall time does.
 */
function descendantCpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const parentOf = new Map<number, number>();
  const cpuOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
      cpuOf.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while being read.
    }
  }
  const ticksPerSecond = 100;
  let total = 0;
  for (const [pid, ticks] of cpuOf) {
    let ancestor = parentOf.get(pid);
    while (ancestor !== undefined && ancestor > 1 && ancestor !== process.pid) ancestor = parentOf.get(ancestor);
    if (ancestor === process.pid) total += ticks;
  }
  return (total / ticksPerSecond) * 1000;
}

const IMAGE_EXTENSIONS = /\.(jpe?g|png|gif|webp|bmp)$/i;

interface Args {
  dataset: string;
  classes: string[] | null;
  perClass: number;
  port: number;
  outDir: string;
  backend: string | null;
  screenshot: string | null;
  strategies: StrategyId[] | null;
  noBuild: boolean;
  assess: boolean;
  dataSize: boolean;
  skipCompare: boolean;
  settings: Partial<LabSettings>;
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string): string | null => {
    const i = argv.indexOf(flag);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : null;
  };
  const dataset = value('--dataset');
  if (!dataset)
    throw new Error(
      'Usage: npx tsx scripts/bench/compare.ts --dataset DIR [--classes a,b,c] [--per-class 30] [--port 4204] [--out-dir dist-bench] [--backend wasm|webgl] [--screenshot FILE] [--strategies a,b] [--no-build] [--assess] [--data-size] [--skip-compare] [--epochs N] [--seeds N] [--batch-size N] [--fine-tune-blocks N]',
    );
  const numbers: [string, keyof LabSettings][] = [
    ['--epochs', 'epochs'],
    ['--seeds', 'seeds'],
    ['--batch-size', 'batchSize'],
    ['--fine-tune-blocks', 'fineTuneBlocks'],
  ];
  const settings: Partial<LabSettings> = {};
  for (const [flag, key] of numbers) if (value(flag) !== null) settings[key] = Number(value(flag));
  return {
    dataset: path.resolve(dataset),
    classes:
      value('--classes')
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean) ?? null,
    perClass: Number(value('--per-class') ?? 30),
    port: Number(value('--port') ?? 4204),
    outDir: value('--out-dir') ?? 'dist-bench',
    backend: value('--backend'),
    screenshot: value('--screenshot'),
    noBuild: argv.includes('--no-build'),
    assess: argv.includes('--assess'),
    dataSize: argv.includes('--data-size'),
    skipCompare: argv.includes('--skip-compare'),
    strategies:
      (value('--strategies')
        ?.split(',')
        .map((s) => s.trim()) as StrategyId[] | undefined) ?? null,
    settings,
  };
}

/** DIR/<class>/*, or DIR/train/<class>/* when the dataset is split into train/ and test/. */
function classFolders(dataset: string, wanted: string[] | null): { label: string; files: string[] }[] {
  const root = existsSync(path.join(dataset, 'train')) ? path.join(dataset, 'train') : dataset;
  const available = readdirSync(root)
    .filter((name) => statSync(path.join(root, name)).isDirectory())
    .sort();
  const labels = wanted ?? available;
  return labels.map((label) => {
    if (!available.includes(label)) throw new Error(`No folder "${label}" in ${root} (found: ${available.join(', ')}).`);
    const files = readdirSync(path.join(root, label))
      .filter((f) => IMAGE_EXTENSIONS.test(f))
      .sort()
      .map((f) => path.join(root, label, f));
    return { label, files };
  });
}

/** Names the class cards (adding cards as needed) and picks each class's files; waits until all are in. */
export async function fillClasses(page: Page, classes: { label: string; files: string[] }[], timeoutMs = 120_000): Promise<void> {
  const cards = page.getByTestId('class-card');
  await showStep(page, 'data');
  while ((await cards.count()) < classes.length) await page.getByTestId('add-class').click();
  for (let i = 0; i < classes.length; i++) {
    const input = cards.nth(i).getByTestId('class-name-input');
    await input.fill(classes[i].label);
    await input.press('Enter');
    await cards.nth(i).getByTestId('class-file-input').setInputFiles(classes[i].files);
  }
  await page.waitForFunction(
    (expected) => {
      const counts = window.transferLab?.snapshot().classes.map((c) => c.count) ?? [];
      return counts.length === expected.length && counts.every((n, i) => n === expected[i]);
    },
    classes.map((c) => c.files.length),
    { timeout: timeoutMs },
  );
}

/** The comparison as a command: `npm run bench -- --dataset DIR --compare` lands here too. */
export async function compareMain(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const classes = classFolders(args.dataset, args.classes).map((c) => ({ ...c, files: c.files.slice(0, args.perClass) }));
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const { build, preview } = await import('vite');
  if (!args.noBuild || !existsSync(path.join(root, args.outDir, 'index.html'))) {
    process.stderr.write(`building into ${args.outDir}…\n`);
    await build({ root, mode: 'test-hooks', logLevel: 'warn', build: { outDir: args.outDir } });
  }
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir: args.outDir },
    preview: { host: '127.0.0.1', port: args.port, strictPort: true },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`http://127.0.0.1:${args.port}/`);
    await page.waitForFunction(() => window.transferLab?.snapshot().trunk.status === 'ready', undefined, { timeout: 180_000 });
    if (args.backend) {
      await openTrunkDetails(page);
      await page.getByTestId('backend-select').selectOption(args.backend);
      await page.waitForFunction((b) => window.transferLab?.snapshot().trunk.info?.backend.backend === b, args.backend, {
        timeout: 180_000,
      });
    }
    await fillClasses(page, classes);
    process.stderr.write(`${classes.map((c) => `${c.label}: ${c.files.length}`).join(', ')}; comparing…\n`);
    if (!args.skipCompare) {
      const cpuBefore = descendantCpuMs();
      const result = await runLabComparison(page, { settings: args.settings, strategies: args.strategies ?? undefined });
      const cpuAfter = descendantCpuMs();
      for (const line of result.lines) process.stdout.write(`${JSON.stringify(line)}\n`);
      const browserCpuMs = cpuBefore !== null && cpuAfter !== null ? Math.round(cpuAfter - cpuBefore) : null;
      process.stderr.write(
        `${JSON.stringify({ comparisonMs: Math.round(result.comparisonMs), clickToDoneMs: result.clickToDoneMs, browserCpuMs, split: result.split, backend: result.backend })}\n`,
      );
      if (args.screenshot) {
        await page.getByTestId('lab-chart').screenshot({ path: args.screenshot });
        process.stderr.write(`chart saved to ${args.screenshot}\n`);
      }
    }
    if (args.assess) process.stderr.write(`${JSON.stringify({ assessment: await runLabAssessment(page) })}\n`);
    if (args.dataSize) process.stderr.write(`${JSON.stringify({ dataSize: await runLabDataSize(page) })}\n`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  compareMain(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
