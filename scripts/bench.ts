// End-to-end pipeline benchmark: builds the app, serves the build, drives the real UI in headless
// Chromium (trunk -> classes -> upload -> train), then classifies a held-out test split through
// window.transferLab and prints ONE JSON line to stdout. Progress and page errors go to stderr.
// It also watches the page: main-thread long tasks per phase, peak JS heaps (page and worker),
// the worker's wasm heap and tensors, and a second page load (what the browser cache saves).
// With --peer teachable-machine it runs Google's @teachablemachine/image on the same split in the
// same browser and backend (scripts/bench/teachable-machine.ts) and prints its line and ratios.
//
//   npm run bench -- --dataset DIR [--trunk ID] [--backend auto|wasm|webgl|cpu]
//                    [--train-per-class N] [--classes a,b,c] [--epochs N] [--seed N] [--no-build]
//                    [--out-dir DIR] [--peer teachable-machine [--peer-first]] [--repeat-embed N]
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATASET_SEED, parseBenchArgs, USAGE, UsageError, type BenchOptions, type HeadPlacementOption } from './bench/args';
import { DatasetError, datasetUrl, planDataset, scanDataset, type DatasetPlan } from './bench/dataset';
import { ChromiumCpu, HeapSampler, longTasksBetween, pageNow, recordLongTasks, type LongTaskSummary } from './bench/page-probes';
import { openTrunkDetails, showStep } from './bench/app-steps';
import { computeRatios, medianRatios } from './bench/ratios';
import { LEVER_SETS, leverSummary, type LeverSet } from './bench/training-levers';
import { startStaticServer, type StaticServer } from './bench/static-server';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE, WEBGPU_ARGS } from './chromium';
import { PEER_MOUNT, peerMounts, runTeachableMachine, TM_WEB_DEFAULTS } from './bench/teachable-machine';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATASET_MOUNT = '/__dataset__/';

const TRUNK_TIMEOUT_MS = 5 * 60_000;
const UPLOAD_TIMEOUT_MS = 5 * 60_000;
const TRAIN_TIMEOUT_MS = 15 * 60_000;
const PREDICT_CHUNK = 25;
const PREDICT_CHUNK_TIMEOUT_MS = 5 * 60_000;
const UI_TIMEOUT_MS = 30_000;

// ---- The slice of window.transferLab (src/app/automation.ts) the bench reads. Kept local so the
// bench type-checks on its own while the app is being edited.
interface EpochLogLike {
  epoch?: number;
  loss?: number;
  accuracy?: number | null;
  valLoss?: number | null;
  valAccuracy?: number | null;
}
interface SnapshotLike {
  trunk: {
    status: string;
    info: { id: string; loadMs: number; backend: { backend: string; reason?: string; head?: { reason: string } } } | null;
    message: string | null;
  };
  training: {
    status: string;
    embedStats: { count: number; ms: number } | null;
    epochs: EpochLogLike[];
    summary: {
      runId?: string;
      epochs: EpochLogLike[];
      stoppedEarly: boolean;
      trainCount: number;
      valCount: number;
      trainMs: number;
      msPerEpoch: number;
      headBackend?: string;
      mirrorViews?: boolean;
      finalFit?: { examples: number; epochs: number; ms: number } | null;
    } | null;
    message: string | null;
    embedded: { done: number; total: number };
  };
  classes: { id: string; label: string; count: number }[];
}
interface MemoryLike {
  numTensors: number;
  numBytes: number;
}
interface AutomationLike {
  snapshot(): SnapshotLike;
  predictUrls(urls: string[]): Promise<number[][]>;
  memory(): Promise<MemoryLike>;
}
// window.transferLabSpeed (src/app/speed-automation.ts).
interface RuntimeReportLike {
  backend: string;
  trunkRunner: string;
  foldReason: string | null;
  foldDifference: number | null;
  numTensors: number;
  numBytes: number;
  wasmHeapBytes: number | null;
  secondEmbedder?: { state: string; batches: number };
}
interface SyntheticEmbedLike {
  images: number;
  ms: number;
  tensorsBefore: number;
  tensorsAfter: number;
  wasmHeapAfterFirstBatch: number | null;
  wasmHeapAfter: number | null;
}
interface SpeedAutomationLike {
  runtimeReport(): Promise<RuntimeReportLike>;
  embedSynthetic(count: number, size: number): Promise<SyntheticEmbedLike>;
}
type BenchWindow = Window & { transferLab?: AutomationLike; transferLabSpeed?: SpeedAutomationLike; __benchPrevTrunkInfo?: unknown };

// ---- Logging and failures
const started = performance.now();
function log(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

/** A failure with a message meant for the user (no stack trace). */
class BenchFailure extends Error {
  override name = 'BenchFailure';
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchFailure(`timed out after ${Math.round(ms / 1000)} s ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const round = (value: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const roundOrNull = (value: number | null | undefined, digits = 0): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : round(value, digits);
const round2 = (value: number): number => round(value, 2);
const mb = (bytes: number | null): string => (bytes === null ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MB`);
const describeLongTasks = (summary: LongTaskSummary): string =>
  summary.count === 0
    ? 'none'
    : `${summary.count}, longest ${summary.maxMs} ms${summary.longest ? ` at +${summary.longest.atMs} ms (${summary.longest.scripts.join(', ') || 'no script attributed'})` : ''}, ${summary.totalMs} ms in all`;

// ---- Build
function build(options: BenchOptions, dist: string): void {
  const haveDist = existsSync(path.join(dist, 'index.html'));
  if (options.noBuild && haveDist) {
    log(`--no-build: using the existing ${options.outDir}/`);
    return;
  }
  if (options.noBuild) log(`--no-build given but ${options.outDir}/index.html is missing: building`);
  log(`building the app (npx vite build --mode test-hooks --outDir ${options.outDir})…`);
  const t = performance.now();
  // vite's output goes to stderr so stdout carries only the result line.
  const result = spawnSync('npx', ['vite', 'build', '--mode', 'test-hooks', '--outDir', dist, '--emptyOutDir'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 2, 2],
    env: process.env,
  });
  if (result.error) throw new BenchFailure(`could not run vite build: ${result.error.message}`);
  if (result.status !== 0) throw new BenchFailure(`vite build failed (exit ${result.status ?? result.signal})`);
  if (!existsSync(path.join(dist, 'index.html'))) throw new BenchFailure(`vite build left no ${options.outDir}/index.html`);
  log(`built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

// ---- Page helpers
/** Rejects when the page throws, crashes or closes, so a wait never outlives a dead page. */
function watchPage(page: Page): Promise<never> {
  return new Promise<never>((_, reject) => {
    page.on('console', (message) => {
      if (message.type() === 'error') log(`page console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => {
      log(`page error: ${error.stack ?? error.message}`);
      reject(new BenchFailure(`the page threw an uncaught error: ${error.message}`));
    });
    page.on('crash', () => reject(new BenchFailure('the page crashed')));
    page.on('close', () => reject(new BenchFailure('the page closed unexpectedly')));
    page.on('requestfailed', (request) => log(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
    page.on('worker', (worker) => log(`worker started: ${worker.url().replace(/^https?:\/\/[^/]+/, '')}`));
  });
}

async function snapshot(page: Page): Promise<SnapshotLike> {
  return page.evaluate(() => {
    const lab = (window as BenchWindow).transferLab;
    if (!lab) throw new Error('window.transferLab is missing: was the app built without --mode test-hooks?');
    return lab.snapshot();
  });
}

async function memory(page: Page): Promise<MemoryLike> {
  return page.evaluate(() => (window as BenchWindow).transferLab!.memory());
}

async function runtimeReport(page: Page): Promise<RuntimeReportLike> {
  return page.evaluate(() => {
    const speed = (window as BenchWindow).transferLabSpeed;
    if (!speed) throw new Error('window.transferLabSpeed is missing: was the app built without --mode test-hooks?');
    return speed.runtimeReport();
  });
}

/** Waits for the trunk after a navigation; returns the ms from `since` (bench clock). */
async function waitForTrunkReady(page: Page, since: number): Promise<number> {
  const readyOrFailed = page.locator(
    '[data-testid=trunk-status][data-status=ready], [data-testid=trunk-status][data-status=error], [data-testid=trunk-status][data-status=missing]',
  );
  await readyOrFailed.first().waitFor({ timeout: TRUNK_TIMEOUT_MS });
  return performance.now() - since;
}

/** Waits until the trunk is ready with different info than before the last `markTrunk` (a reload or backend switch). */
async function markTrunk(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as BenchWindow;
    w.__benchPrevTrunkInfo = w.transferLab!.snapshot().trunk.info;
  });
}

/**
 * Trains the head once more with the other placement than `first` (the embeddings are cached, so
 * this is training only) and returns both placements' ms per epoch, measured one after the other
 * in the same page: a ratio that the machine's load distorts less than two separate runs.
 */
async function headPlacementsSideBySide(
  page: Page,
  first: HeadPlacementOption,
  firstRun: NonNullable<SnapshotLike['training']['summary']>,
): Promise<Record<string, unknown>> {
  const other: HeadPlacementOption = first === 'cpu' ? 'backend' : 'cpu';
  log(`training the head again, on ${other === 'cpu' ? 'the CPU path (wasm)' : `the trunk's backend`}…`);
  await page.getByTestId('head-placement-select').selectOption(other);
  await page.waitForFunction(
    () => !(document.querySelector('[data-testid=train-button]') as HTMLButtonElement | null)?.disabled,
    undefined,
    { timeout: UI_TIMEOUT_MS },
  );
  await page.getByTestId('train-button').click();
  await page.waitForFunction(
    (previousRun) => {
      const training = (window as BenchWindow).transferLab!.snapshot().training;
      return ['done', 'stopped', 'error'].includes(training.status) && training.summary?.runId !== previousRun;
    },
    firstRun.runId,
    { timeout: TRAIN_TIMEOUT_MS, polling: 200 },
  );
  const training = (await snapshot(page)).training;
  if (training.status !== 'done' || !training.summary)
    throw new BenchFailure(`the second training ended with status "${training.status}": ${training.message ?? '(no message)'}`);
  const runs = { [first]: firstRun, [other]: training.summary };
  const ms = { cpu: runs.cpu.msPerEpoch, backend: runs.backend.msPerEpoch };
  log(
    `head ms per epoch: ${ms.cpu.toFixed(1)} on the CPU path (${runs.cpu.headBackend}), ${ms.backend.toFixed(1)} on ${runs.backend.headBackend}`,
  );
  return {
    trainedFirst: first,
    msPerEpoch: { cpu: round(ms.cpu, 1), backend: round(ms.backend, 1) },
    headBackends: { cpu: runs.cpu.headBackend ?? null, backend: runs.backend.headBackend ?? null },
    finalValAccuracy: {
      cpu: roundOrNull(runs.cpu.epochs.at(-1)?.valAccuracy, 4),
      backend: roundOrNull(runs.backend.epochs.at(-1)?.valAccuracy, 4),
    },
    backendOverCpu: round(ms.backend / ms.cpu, 2),
  };
}

async function waitForNewTrunk(page: Page, what: string): Promise<SnapshotLike['trunk']> {
  await page.waitForFunction(
    () => {
      const w = window as BenchWindow;
      const trunk = w.transferLab!.snapshot().trunk;
      return trunk.info !== w.__benchPrevTrunkInfo && trunk.status === 'ready'
        ? true
        : trunk.status === 'error' || trunk.status === 'missing';
    },
    undefined,
    { timeout: TRUNK_TIMEOUT_MS, polling: 100 },
  );
  const trunk = (await snapshot(page)).trunk;
  if (trunk.status !== 'ready') throw new BenchFailure(`${what}: trunk status "${trunk.status}": ${trunk.message ?? '(no message)'}`);
  await page.locator('[data-testid=trunk-status][data-status=ready]').waitFor({ timeout: UI_TIMEOUT_MS });
  return trunk;
}

async function classCount(card: Locator): Promise<number> {
  const text = (await card.getByTestId('class-count').textContent()) ?? '';
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : -1;
}

/** Waits until a card counts `expected` images; if the app settles on fewer (skipped files), returns that. */
async function waitForCount(page: Page, card: Locator, expected: number, label: string): Promise<number> {
  const deadline = Date.now() + UPLOAD_TIMEOUT_MS;
  let last = -2;
  let lastChange = Date.now();
  let lastLog = Date.now();
  for (;;) {
    const count = await classCount(card);
    if (count === expected) return count;
    const adding = ((await card.getByTestId('class-dropzone').textContent()) ?? '').includes('Adding');
    if (count !== last || adding) {
      last = count;
      lastChange = Date.now();
    }
    if (!adding && Date.now() - lastChange > 3000) {
      const notices = await page.getByTestId('notice').allTextContents();
      log(`WARNING: class "${label}" settled at ${count} of ${expected} images. Notices: ${notices.join(' | ') || '(none)'}`);
      return count;
    }
    if (Date.now() > deadline) throw new BenchFailure(`timed out waiting for class "${label}" to show ${expected} images (shows ${count})`);
    if (Date.now() - lastLog > 10_000) {
      log(`  ${label}: ${count}/${expected} images added${adding ? ' (the app is still adding)' : ''}…`);
      lastLog = Date.now();
    }
    await page.waitForTimeout(100);
  }
}

// ---- The run
interface RunContext {
  browser?: Browser;
  server?: StaticServer;
}

/** What the bench's server sent, reset per phase: a second page load should be mostly 304s. */
interface ServedCounter {
  full: number;
  revalidated: number;
  bytes: number;
}

async function run(options: BenchOptions, plan: DatasetPlan, ctx: RunContext): Promise<Record<string, unknown>[]> {
  const dist = path.resolve(REPO_ROOT, options.outDir);
  build(options, dist);
  if (!existsSync(path.join(dist, 'models')))
    log(`WARNING: ${options.outDir}/models is missing: is public/models installed (npm run models)?`);

  const served: ServedCounter = { full: 0, revalidated: 0, bytes: 0 };
  ctx.server = await startStaticServer({
    root: dist,
    mounts: [{ prefix: DATASET_MOUNT, dir: plan.root }, ...(options.peer ? peerMounts(REPO_ROOT) : [])],
    onError: (status, url) => {
      if (!url.startsWith('/favicon')) log(`server: ${status} ${url}`);
    },
    onServed: (pathname, status, bytes) => {
      if (pathname.startsWith(DATASET_MOUNT) || pathname.startsWith(PEER_MOUNT)) return;
      if (status === 304) served.revalidated++;
      else served.full++;
      served.bytes += bytes;
    },
  });
  log(`serving ${options.outDir}/ at ${ctx.server.origin} (dataset under ${DATASET_MOUNT})`);

  const executablePath = CHROMIUM_EXECUTABLE;
  // WebGPU needs its flag in headless Chromium; every other backend runs the browser as the tests do.
  ctx.browser = await chromium.launch({
    headless: true,
    executablePath,
    args: options.backend === 'webgpu' ? [...CHROMIUM_ARGS, ...WEBGPU_ARGS] : CHROMIUM_ARGS,
  });
  const browserVersion = ctx.browser.version();
  log(`chromium ${browserVersion} (${executablePath ?? "Playwright's own"})`);
  const machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    chromium: browserVersion,
  };

  const browser = ctx.browser;
  const origin = ctx.server.origin;
  const peer = async (backend: string | null): Promise<Record<string, unknown> | null> => {
    if (!options.peer) return null;
    if (options.trunk !== 'mobilenet_v2_0.35_224')
      log(`WARNING: the peer always runs Teachable Machine's trunk (MobileNet V2 0.35), the app ran ${options.trunk}`);
    // Teachable Machine's page has no webgpu backend (args.ts refuses --peer with --backend webgpu).
    const peerBackend =
      backend === 'wasm' || backend === 'webgl' || backend === 'cpu'
        ? backend
        : options.backend === 'auto' || options.backend === 'webgpu'
          ? 'wasm'
          : options.backend;
    log(`running the peer, ${options.peer}, on ${peerBackend}…`);
    const result = await runTeachableMachine(browser, {
      origin,
      trunkDir: path.join(dist, 'models', 'mobilenet_v2_0.35_224'),
      backend: peerBackend,
      epochs: options.epochs ?? TM_WEB_DEFAULTS.epochs,
      seed: options.seed ?? DEFAULT_DATASET_SEED,
      classes: plan.classes.map((c) => ({
        name: c.name,
        trainUrls: c.train.map((rel) => datasetUrl(DATASET_MOUNT, rel)),
        testUrls: c.test.map((rel) => datasetUrl(DATASET_MOUNT, rel)),
      })),
      log,
    });
    return { ...result, loadAverageAfter: os.loadavg().map((l) => round(l, 2)) };
  };

  const lines: Record<string, unknown>[] = [];
  if (options.options) {
    // Each lever set on the same split, each in a fresh context; the peer once, after them.
    const levers: { lever: string; line: Record<string, unknown> }[] = [];
    for (const [index, lever] of LEVER_SETS.entries()) {
      log(`lever set ${index + 1} of ${LEVER_SETS.length}: ${lever.name}`);
      const app = await runApp(browser, origin, options, plan, served, index > 0, lever);
      const line = { ...app, lever: lever.name, ...machine, loadAverageAfter: os.loadavg().map((l) => round2(l)) };
      lines.push(line);
      levers.push({ lever: lever.name, line });
    }
    const peerLine = await peer(typeof levers[0]?.line.backend === 'string' ? levers[0].line.backend : null);
    if (peerLine) lines.push(peerLine);
    const peerAccuracy = typeof peerLine?.testAccuracy === 'number' ? peerLine.testAccuracy : null;
    lines.push({
      bench: 'options',
      dataset: path.basename(plan.root) || plan.root,
      seed: options.seed ?? null,
      levers: leverSummary(levers).map((entry) => ({
        ...entry,
        ...(peerAccuracy !== null && typeof entry.testAccuracy === 'number'
          ? { pointsOverPeer: round2((entry.testAccuracy - peerAccuracy) * 100) }
          : {}),
      })),
      ...(peerLine ? { peerTestAccuracy: peerAccuracy } : {}),
      ...machine,
      loadAverageAfter: os.loadavg().map((l) => round2(l)),
    });
    return lines;
  }
  const rounds: { app: Record<string, unknown>; peer: Record<string, unknown> | null }[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    // Alternate the order between rounds: the machine's load drifts, and whichever runs second
    // meets a different machine.
    const peerFirst = options.peerFirst !== (round % 2 === 0);
    const tag = options.rounds > 1 ? { round, order: peerFirst ? 'peer first' : 'app first' } : {};
    if (options.rounds > 1) log(`round ${round} of ${options.rounds} (${tag.order})`);
    const early = peerFirst ? await peer(options.backend === 'auto' ? null : options.backend) : null;
    const app = await runApp(browser, origin, options, plan, served, round > 1);
    const appLine: Record<string, unknown> = { ...tag, ...app, ...machine, loadAverageAfter: os.loadavg().map((l) => round2(l)) };
    const peerLine = early ?? (await peer(typeof app.backend === 'string' ? app.backend : null));
    lines.push(appLine);
    if (peerLine) {
      lines.push({ ...tag, ...peerLine });
      lines.push({
        bench: 'ratios',
        ...tag,
        ...computeRatios(appLine, peerLine),
        ...(options.rounds > 1 ? {} : { order: peerFirst ? 'peer first' : 'app first' }),
        ...machine,
      });
    }
    rounds.push({ app: appLine, peer: peerLine });
  }
  if (options.rounds > 1)
    lines.push({
      bench: 'ratios-median',
      rounds: options.rounds,
      ...medianRatios(rounds),
      ...machine,
      loadAverageAfter: os.loadavg().map((l) => round2(l)),
    });
  return lines;
}

async function runApp(
  browser: Browser,
  origin: string,
  options: BenchOptions,
  plan: DatasetPlan,
  served: ServedCounter,
  repeatRound: boolean,
  lever: LeverSet | null = null,
): Promise<Record<string, unknown>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await recordLongTasks(context);
  const page = await context.newPage();
  const died = watchPage(page);
  died.catch(() => undefined); // observed through guard()
  const guard = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, died]);

  // 1. Cold start: page load -> trunk ready.
  const loadStart = performance.now();
  await guard(page.goto(origin + '/', { waitUntil: 'domcontentloaded', timeout: 60_000 }));
  const heap = await HeapSampler.start(page);
  const coldStartMs = await guard(waitForTrunkReady(page, loadStart));
  const coldServed = { ...served };
  let trunk = (await guard(snapshot(page))).trunk;
  if (trunk.status !== 'ready')
    throw new BenchFailure(`the trunk did not load: status "${trunk.status}": ${trunk.message ?? '(no message)'}`);
  log(
    `trunk ${trunk.info?.id} ready on ${trunk.info?.backend.backend} after ${Math.round(coldStartMs)} ms (load ${Math.round(trunk.info?.loadMs ?? NaN)} ms)`,
  );

  // 2. Trunk and backend as asked.
  await openTrunkDetails(page);
  if (trunk.info?.id !== options.trunk) {
    const select = page.getByTestId('trunk-select');
    const ids = await select.locator('option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    if (!ids.includes(options.trunk))
      throw new BenchFailure(`trunk "${options.trunk}" is not offered by the app; it offers: ${ids.filter(Boolean).join(', ')}`);
    log(`selecting trunk ${options.trunk}…`);
    await markTrunk(page);
    await select.selectOption(options.trunk);
    trunk = await guard(waitForNewTrunk(page, `loading trunk ${options.trunk}`));
    if (trunk.info?.id !== options.trunk) throw new BenchFailure(`asked for trunk ${options.trunk}, the app loaded ${trunk.info?.id}`);
    log(`trunk ${options.trunk} ready on ${trunk.info?.backend.backend} (load ${Math.round(trunk.info?.loadMs ?? NaN)} ms)`);
  }
  if (options.backend !== 'auto') {
    log(`selecting backend ${options.backend}…`);
    await markTrunk(page);
    await page.getByTestId('backend-select').selectOption(options.backend);
    trunk = await guard(waitForNewTrunk(page, `switching to backend ${options.backend}`));
    const got = trunk.info?.backend.backend;
    if (got !== options.backend)
      log(`WARNING: asked for backend ${options.backend}, the app runs ${got}: ${trunk.info?.backend.reason ?? ''}`);
    else log(`backend ${got} ready`);
  }
  if (options.headPlacement) {
    log(`the head trains on ${options.headPlacement === 'cpu' ? 'the CPU path (wasm)' : `the trunk's backend`} first`);
    await page.getByTestId('head-placement-select').selectOption(options.headPlacement);
  }
  if (trunk.info?.backend.head) log(`automatic head placement: ${trunk.info.backend.head.reason}`);

  // 3. Classes: as many cards as classes, renamed to the folder names, train images uploaded.
  await showStep(page, 'data');
  const names = plan.classes.map((c) => c.name);
  const cards = page.getByTestId('class-card');
  let cardCount = await cards.count();
  while (cardCount < names.length) {
    await page.getByTestId('add-class').click();
    await guard(
      page.waitForFunction((n) => document.querySelectorAll('[data-testid=class-card]').length >= n, cardCount + 1, {
        timeout: UI_TIMEOUT_MS,
      }),
    );
    cardCount = await cards.count();
  }
  while (cardCount > names.length) {
    await cards
      .nth(cardCount - 1)
      .getByTestId('class-delete')
      .click();
    await guard(
      page.waitForFunction((n) => document.querySelectorAll('[data-testid=class-card]').length <= n, cardCount - 1, {
        timeout: UI_TIMEOUT_MS,
      }),
    );
    cardCount = await cards.count();
  }
  // A folder name may equal another card's default name ("Class 2"): free the names first.
  const defaultLabels = (await guard(snapshot(page))).classes.map((c) => c.label);
  if (names.some((name, i) => defaultLabels.includes(name) && defaultLabels[i] !== name)) {
    for (let i = 0; i < names.length; i++) {
      const input = cards.nth(i).getByTestId('class-name-input');
      await input.fill(`bench class ${i + 1} ${Date.now()}`);
      await input.press('Enter');
    }
  }
  for (const [i, name] of names.entries()) {
    const card = cards.nth(i);
    const input = card.getByTestId('class-name-input');
    await input.fill(name);
    await input.press('Enter');
    const error = card.getByTestId('class-name-error');
    if (await error.isVisible()) throw new BenchFailure(`the app refused the class name "${name}": ${await error.textContent()}`);
  }
  const uploadStart = performance.now();
  const uploadPageStart = await pageNow(page);
  for (const [i, cls] of plan.classes.entries()) {
    const card = cards.nth(i);
    log(`uploading ${cls.train.length} images to "${cls.name}"…`);
    await card.getByTestId('class-file-input').setInputFiles(cls.train.map((rel) => path.join(plan.root, rel)));
    await guard(waitForCount(page, card, cls.train.length, cls.name));
  }
  const uploadLongTasks = await longTasksBetween(page, uploadPageStart, await pageNow(page));
  log(
    `uploads done in ${Math.round(performance.now() - uploadStart)} ms (main-thread long tasks meanwhile: ${describeLongTasks(uploadLongTasks)})`,
  );
  const before = await guard(snapshot(page));
  const labels = before.classes.map((c) => c.label);
  if (labels.join('\n') !== names.join('\n'))
    throw new BenchFailure(`class order in the app (${labels.join(', ')}) differs from the bench's (${names.join(', ')})`);
  const trainImages = before.classes.reduce((sum, c) => sum + c.count, 0);

  // 4. Settings.
  await showStep(page, 'train');
  // The test share is always set: the app's default holds out 15% of each class for its own
  // test set, which the peer does not do (see --app-test-share).
  {
    const details = page.getByTestId('advanced-settings');
    if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await page.getByTestId('advanced-toggle').click();
    const settings: [string, number | undefined][] = [
      ['epochs', options.epochs],
      ['seed', options.seed],
      ['testFraction', options.appTestShare],
    ];
    for (const [key, value] of settings) {
      if (value === undefined) continue;
      const input = page.getByTestId(`setting-${key}`);
      await input.fill(String(value));
      await input.blur();
      const shown = await input.inputValue();
      if (Number(shown) !== value) throw new BenchFailure(`setting ${key}: typed ${value}, the field shows ${shown}`);
    }
    // Without --options the app keeps its default levers (both on).
    if (lever) {
      await page.getByTestId('setting-mirrorViews').setChecked(lever.mirrorViews);
      await page.getByTestId('setting-finalFit').setChecked(lever.finalFit);
    }
  }

  // 5. Train: click -> done.
  const tensorsBefore = (await guard(memory(page))).numTensors;
  const runtimeBefore = await guard(runtimeReport(page));
  await heap.sampleWorkers();
  log(
    `worker: trunk runs ${runtimeBefore.trunkRunner}${runtimeBefore.foldReason ? ` (${runtimeBefore.foldReason})` : ''}, wasm heap ${mb(runtimeBefore.wasmHeapBytes)}`,
  );
  const trainButton = page.getByTestId('train-button');
  await guard(trainButton.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS }));
  await guard(
    page.waitForFunction(() => !(document.querySelector('[data-testid=train-button]') as HTMLButtonElement | null)?.disabled, undefined, {
      timeout: UI_TIMEOUT_MS,
    }),
  );
  log(`training ${trainImages} images in ${names.length} classes…`);
  const cpu = await ChromiumCpu.attach(browser);
  const cpuStart = await cpu.seconds();
  const trainStart = performance.now();
  const trainPageStart = await pageNow(page);
  // The page's time when embedding gives way to training (polled in the page, off the bench's clock).
  const embeddingEnded = page
    .waitForFunction(
      () => {
        const status = (window as BenchWindow).transferLab!.snapshot().training.status;
        return status !== 'embedding' && status !== 'idle' ? performance.now() : false;
      },
      undefined,
      { timeout: TRAIN_TIMEOUT_MS, polling: 50 },
    )
    .then(async (handle) => ({ pageTime: (await handle.jsonValue()) as number, cpu: await cpu.seconds() }));
  embeddingEnded.catch(() => undefined);
  await trainButton.click();
  const finished = page.locator(['done', 'stopped', 'error'].map((s) => `[data-testid=training-status][data-status=${s}]`).join(', '));
  const progress = setInterval(() => {
    snapshot(page)
      .then((s) => {
        const t = s.training;
        if (t.status === 'embedding') log(`  embedding ${t.embedded.done}/${t.embedded.total}`);
        else if (t.status === 'training') {
          const last = t.epochs.at(-1);
          log(`  epoch ${t.epochs.length}: loss ${last?.loss?.toFixed(4) ?? '?'}, val acc ${last?.valAccuracy?.toFixed(3) ?? '-'}`);
        }
      })
      .catch(() => undefined);
  }, 10_000);
  try {
    await guard(finished.first().waitFor({ timeout: TRAIN_TIMEOUT_MS }));
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError')
      throw new BenchFailure(`training did not finish within ${TRAIN_TIMEOUT_MS / 60_000} min`);
    throw error;
  } finally {
    clearInterval(progress);
  }
  const trainWallMs = performance.now() - trainStart;
  const cpuEnd = await cpu.seconds();
  await cpu.detach();
  const trainPageEnd = await pageNow(page);
  const embedEnd = await embeddingEnded.catch(() => ({ pageTime: trainPageEnd, cpu: cpuEnd }));
  const embedPageEnd = embedEnd.pageTime;
  await heap.sampleWorkers();
  const longTasks = {
    upload: uploadLongTasks,
    embedding: await longTasksBetween(page, trainPageStart, embedPageEnd),
    training: await longTasksBetween(page, embedPageEnd, trainPageEnd),
    embeddingAndTraining: await longTasksBetween(page, trainPageStart, trainPageEnd),
  };
  log(
    `main-thread long tasks while embedding: ${describeLongTasks(longTasks.embedding)}; while training: ${describeLongTasks(longTasks.training)}`,
  );
  const after = await guard(snapshot(page));
  const training = after.training;
  if (training.status !== 'done')
    throw new BenchFailure(`training ended with status "${training.status}": ${training.message ?? '(no message)'}`);
  const summary = training.summary;
  if (!summary) throw new BenchFailure('training is done but the snapshot has no summary');
  const embed = training.embedStats;
  const lastEpoch = summary.epochs.at(-1);
  log(
    `trained in ${Math.round(trainWallMs)} ms: ${summary.epochs.length} epochs, ${summary.trainCount} train / ${summary.valCount} val, ` +
      `${embed ? `${embed.count} embedded in ${Math.round(embed.ms)} ms` : 'no embedding stats'}`,
  );

  // 6. Test accuracy through the same worker the UI uses.
  const tests = plan.classes.flatMap((c, classIndex) => c.test.map((rel) => ({ url: datasetUrl(DATASET_MOUNT, rel), classIndex })));
  let correct = 0;
  const perClass = plan.classes.map(() => ({ correct: 0, total: 0 }));
  const predictStart = performance.now();
  for (let start = 0; start < tests.length; start += PREDICT_CHUNK) {
    const chunk = tests.slice(start, start + PREDICT_CHUNK);
    const probs = await guard(
      withTimeout(
        page.evaluate(
          (urls) => (window as BenchWindow).transferLab!.predictUrls(urls),
          chunk.map((t) => t.url),
        ),
        PREDICT_CHUNK_TIMEOUT_MS,
        'classifying test images',
      ),
    );
    if (probs.length !== chunk.length) throw new BenchFailure(`predictUrls returned ${probs.length} results for ${chunk.length} images`);
    probs.forEach((p, k) => {
      if (p.length !== names.length) throw new BenchFailure(`a prediction has ${p.length} probabilities for ${names.length} classes`);
      let best = 0;
      for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
      const truth = chunk[k].classIndex;
      perClass[truth].total++;
      if (best === truth) {
        correct++;
        perClass[truth].correct++;
      }
    });
    if (tests.length > PREDICT_CHUNK) log(`  classified ${Math.min(start + PREDICT_CHUNK, tests.length)}/${tests.length} test images`);
  }
  const predictMs = performance.now() - predictStart;
  const testAccuracy = tests.length > 0 ? correct / tests.length : null;
  if (tests.length > 0) {
    log(
      `test accuracy ${(testAccuracy! * 100).toFixed(1)}% (${correct}/${tests.length}; ${(predictMs / tests.length).toFixed(1)} ms/image): ` +
        plan.classes.map((c, i) => `${c.name} ${perClass[i].correct}/${perClass[i].total}`).join(', '),
    );
  } else log('no test images: testAccuracy is null');
  const tensorsAfter = (await guard(memory(page))).numTensors;
  const runtimeAfter = await guard(runtimeReport(page));
  log(
    `tensors: ${tensorsBefore} before training, ${tensorsAfter} after training and testing (the trained head's weights stay); wasm heap ${mb(runtimeAfter.wasmHeapBytes)}`,
  );
  if (runtimeAfter.secondEmbedder)
    log(
      `second embedder (the decode worker's trunk): ${runtimeAfter.secondEmbedder.state}, ${runtimeAfter.secondEmbedder.batches} batches embedded`,
    );
  const heapPeaks = await heap.stop();

  // 6b. With --head-placement: the head once more, the other way, on the embeddings now cached.
  const headPlacement = options.headPlacement ? await guard(headPlacementsSideBySide(page, options.headPlacement, summary)) : null;

  // 7. A second load of the page: what the browser cache saves (the trunk, the bundles, the wasm).
  served.full = 0;
  served.revalidated = 0;
  served.bytes = 0;
  const reloadStart = performance.now();
  await guard(page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 }));
  const warmStartMs = await guard(waitForTrunkReady(page, reloadStart));
  const warmServed = { ...served };
  const warmInfo = (await guard(snapshot(page))).trunk.info;
  log(
    `second load: trunk ready after ${Math.round(warmStartMs)} ms (first: ${Math.round(coldStartMs)} ms); server sent ${warmServed.full} files ` +
      `(${mb(warmServed.bytes)}), ${warmServed.revalidated} answered 304; first load sent ${coldServed.full} files (${mb(coldServed.bytes)})`,
  );

  // 8. Optional: many generated images through the worker's embedding path; memory must stay flat.
  let repeatEmbed: Record<string, unknown> | null = null;
  if (options.repeatEmbed && !repeatRound) {
    if (warmInfo?.id !== options.trunk) log(`repeat-embed runs on ${warmInfo?.id}, the app's default trunk after the reload`);
    log(`embedding ${options.repeatEmbed} generated 224px images through the worker…`);
    const report = await guard(
      page.evaluate((count) => (window as BenchWindow).transferLabSpeed!.embedSynthetic(count, 224), options.repeatEmbed),
    );
    repeatEmbed = {
      images: report.images,
      imagesPerSec: round(report.images / (report.ms / 1000), 1),
      tensorsBefore: report.tensorsBefore,
      tensorsAfter: report.tensorsAfter,
      wasmHeapAfterFirstBatchBytes: report.wasmHeapAfterFirstBatch,
      wasmHeapAfterBytes: report.wasmHeapAfter,
      wasmHeapGrowthPerImageBytes:
        report.wasmHeapAfter !== null && report.wasmHeapAfterFirstBatch !== null
          ? round((report.wasmHeapAfter - report.wasmHeapAfterFirstBatch) / report.images, 1)
          : null,
    };
    log(`repeat-embed: ${JSON.stringify(repeatEmbed)}`);
  }

  const info = after.trunk.info;
  return {
    bench: 'pipeline',
    dataset: path.basename(plan.root) || plan.root,
    trunk: info?.id ?? options.trunk,
    backend: info?.backend.backend ?? null,
    classes: names,
    trainImages,
    // What the app trained on, after its own validation (and, with --app-test-share, test) holdout.
    appTrainCount: summary.trainCount,
    appValCount: summary.valCount,
    appTestShare: options.appTestShare,
    testImages: tests.length,
    embedImagesPerSec: embed && embed.count > 0 && embed.ms > 0 ? round(embed.count / (embed.ms / 1000), 1) : null,
    embedMs: roundOrNull(embed?.ms),
    // Chromium's CPU time (all its processes) for embedding, then for training: steadier than wall time on a busy machine.
    embedCpuMsPerImage: embed && embed.count > 0 ? round(((embedEnd.cpu - cpuStart) * 1000) / embed.count, 1) : null,
    trainCpuMsPerEpoch: summary.epochs.length > 0 ? round(((cpuEnd - embedEnd.cpu) * 1000) / summary.epochs.length, 1) : null,
    // Chromium's CPU time from the Train click to the trained model: what --options compares (wall time swings with load).
    embedAndTrainCpuMs: round((cpuEnd - cpuStart) * 1000),
    headMsPerEpoch: roundOrNull(summary.msPerEpoch, 1),
    headBackend: summary.headBackend ?? null,
    mirrorViews: summary.mirrorViews ?? false,
    finalFit: summary.finalFit ?? null,
    ...(headPlacement ? { headPlacement } : {}),
    epochs: summary.epochs.length,
    trainMs: roundOrNull(summary.trainMs),
    finalValAccuracy: roundOrNull(lastEpoch?.valAccuracy, 4),
    testAccuracy: roundOrNull(testAccuracy, 4),
    coldStartMs: round(coldStartMs),
    trunkLoadMs: roundOrNull(info?.loadMs),
    warmStartMs: round(warmStartMs),
    warmTrunkLoadMs: roundOrNull(warmInfo?.loadMs),
    firstLoadServed: coldServed,
    secondLoadServed: warmServed,
    trainWallMs: round(trainWallMs),
    totalWallMs: round(performance.now() - started),
    trunkRunner: runtimeBefore.trunkRunner,
    foldDifference: runtimeBefore.foldDifference,
    longTasks,
    peakPageJsHeapBytes: heapPeaks.pageJsHeapBytes,
    peakWorkerJsHeapBytes: heapPeaks.workerJsHeapBytes,
    wasmHeapBytes: runtimeAfter.wasmHeapBytes,
    secondEmbedder: runtimeAfter.secondEmbedder ?? null,
    tensorsBefore,
    tensorsAfter,
    ...(repeatEmbed ? { repeatEmbed } : {}),
  };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--lesson')) {
    // The lesson's four scenario presets: one JSON line per experiment (scripts/bench/lesson.ts).
    const { lessonMain } = await import('./bench/lesson');
    await lessonMain(argv.filter((arg) => arg !== '--lesson'));
    return 0;
  }
  if (argv.includes('--compare')) {
    // The transfer-vs-scratch comparison: one JSON line per strategy (scripts/bench/compare.ts).
    const { compareMain } = await import('./bench/compare');
    await compareMain(argv.filter((arg) => arg !== '--compare'));
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }

  const ctx: RunContext = {};
  const cleanup = async () => {
    const { browser, server } = ctx;
    ctx.browser = undefined;
    ctx.server = undefined;
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  };
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    log(`${signal}: closing the browser and the server`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const plan = planDataset(scanDataset(options.dataset), {
      classes: options.classes,
      trainPerClass: options.trainPerClass,
      seed: options.seed ?? DEFAULT_DATASET_SEED,
    });
    for (const note of plan.notes) log(`dataset: ${note}`);
    if (plan.classes.length < 2)
      throw new DatasetError(
        `need at least 2 classes, ${options.dataset} gives ${plan.classes.length} (${plan.classes.map((c) => c.name).join(', ')})`,
      );
    log(
      `dataset ${plan.root} (${plan.layout === 'split' ? `train/ + ${plan.testSplit}/` : 'seeded 80/20 split'}): ` +
        plan.classes.map((c) => `${c.name} ${c.train.length}+${c.test.length}`).join(', '),
    );
    const lines = await run(options, plan, ctx);
    for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
    log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    if (interrupted) {
      process.stderr.write(`bench: interrupted (${interrupted})\n`);
      return 130;
    }
    if (error instanceof DatasetError || error instanceof BenchFailure) process.stderr.write(`bench: error: ${error.message}\n`);
    else process.stderr.write(`bench: error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
