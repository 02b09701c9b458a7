// Scale benchmark of the dataset studio: adds N generated images in C class folders to the built
// app through its folder picker (the way a user imports a dataset), in headless Chromium, and
// measures time, peak memory, main-thread stalls and how long a reload takes to restore them.
// Prints one JSON line.
//
//   npx tsx scripts/bench/scale.ts --images 5000 --classes 20 [--size 128] [--port 4290] [--out-dir dist-bench] [--no-build]
import { chromium, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS } from '../chromium';
import { encodePng } from './png';
import { startPreviewServer } from '../preview-server';
import { createRng } from '../../src/ml/rng';

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '5000' },
    classes: { type: 'string', default: '20' },
    size: { type: 'string', default: '128' },
    port: { type: 'string', default: '4290' },
    'out-dir': { type: 'string', default: 'dist-bench' },
    'no-build': { type: 'boolean', default: false },
    /** Writes a CPU profile of the page's main thread while images are added (open it in DevTools). */
    profile: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('npx tsx scripts/bench/scale.ts --images 5000 --classes 20 [--size 128] [--port 4290] [--out-dir dist-bench] [--no-build]');
  process.exit(0);
}
const IMAGES = Number(args.images);
const CLASSES = Number(args.classes);
const SIZE = Number(args.size);
const PORT = Number(args.port);
const OUT_DIR = args['out-dir']!;
const log = (message: string) => process.stderr.write(`[scale] ${message}\n`);

/** One class colour per folder, noisy blocks per image: every image is distinct (no duplicates). */
async function writeDataset(root: string): Promise<number> {
  let bytes = 0;
  for (let c = 0; c < CLASSES; c++) await mkdir(join(root, `class-${String(c + 1).padStart(2, '0')}`), { recursive: true });
  for (let i = 0; i < IMAGES; i++) {
    const c = i % CLASSES;
    const random = createRng(i + 1); // same images on every run
    const width = SIZE;
    const height = Math.round(SIZE * 0.75);
    const rgb = new Uint8Array(width * height * 3);
    const base = [(c * 53) % 256, (c * 97 + 80) % 256, (c * 29 + 160) % 256];
    for (let p = 0; p < width * height; p++) rgb.set(base, p * 3);
    for (let block = 0; block < 24; block++) {
      const x0 = Math.floor(random() * (width - 8));
      const y0 = Math.floor(random() * (height - 8));
      for (let y = y0; y < y0 + 8; y++)
        for (let x = x0; x < x0 + 8; x++) rgb.set([random() * 255, random() * 255, random() * 255], (y * width + x) * 3);
    }
    const png = encodePng(width, height, rgb);
    bytes += png.length;
    await writeFile(join(root, `class-${String(c + 1).padStart(2, '0')}`, `img-${String(i + 1).padStart(5, '0')}.png`), png);
  }
  return bytes;
}

/** Resident memory (MB) of every Chromium process whose command line names this run's profile. */
function chromiumRssMb(profile: string): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(profile)) continue;
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
      if (match) kb += Number(match[1]);
    } catch {
      // the process ended meanwhile
    }
  }
  return kb / 1024;
}

async function totalImages(page: Page): Promise<number> {
  return page.evaluate(() => window.transferLab!.snapshot().classes.reduce((n, c) => n + c.count, 0));
}

async function main(): Promise<void> {
  if (!args['no-build'] || !existsSync(OUT_DIR)) {
    log(`building into ${OUT_DIR}`);
    const build = spawnSync('npx', ['vite', 'build', '--mode', 'test-hooks', '--outDir', OUT_DIR], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const work = mkdtempSync(join(tmpdir(), 'transfer-lab-scale-'));
  const dataset = join(work, 'dataset');
  const profile = join(work, 'profile');
  log(`writing ${IMAGES} images in ${CLASSES} class folders`);
  const datasetBytes = await writeDataset(dataset);
  const server = await startPreviewServer(OUT_DIR, PORT);
  try {
    const { url } = server;
    const executablePath = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
      ? (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
      : undefined;
    const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS, headless: true });
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    await page.getByTestId('project-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });

    // Main-thread health while images are added: long tasks and the longest gap between frames.
    // A string, not a function: tsx's name-keeping helpers do not exist in the page.
    await page.evaluate(`(() => {
      const stalls = (window.benchStalls = { longest: 0, total: 0, count: 0, maxFrameGap: 0, running: true, tasks: [] });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          stalls.longest = Math.max(stalls.longest, entry.duration);
          stalls.total += entry.duration;
          stalls.count++;
          stalls.tasks.push([entry.startTime, entry.duration]);
        }
      }).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const frame = (now) => {
        stalls.maxFrameGap = Math.max(stalls.maxFrameGap, now - last);
        last = now;
        if (stalls.running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    })()`);

    const heap = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
    };
    const baseline = { heapMb: await heap(), rssMb: chromiumRssMb(profile) };
    let peakHeapMb = baseline.heapMb;
    let peakRssMb = baseline.rssMb;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakHeapMb = Math.max(peakHeapMb, await heap().catch(() => 0));
        peakRssMb = Math.max(peakRssMb, chromiumRssMb(profile));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    if (args.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    log('adding the folder through the folder picker');
    const started = Date.now();
    await page.getByTestId('import-folder-input').setInputFiles(dataset);
    const pickedMs = Date.now() - started;
    // Chromium builds the picked folder's FileList natively in one go; stalls after it are the app's.
    const pickedAt = (await page.evaluate('performance.now()')) as number;
    let lastLogged = 0;
    for (;;) {
      const count = await totalImages(page);
      const active = await page.evaluate(() => window.transferLabStudio!.ingestActive());
      if (count >= IMAGES && !active) break;
      if (Date.now() - lastLogged > 10_000) {
        log(`${count}/${IMAGES} added`);
        lastLogged = Date.now();
      }
      if (Date.now() - started > 30 * 60_000) throw new Error(`Only ${count} of ${IMAGES} images were added in 30 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const addMs = Date.now() - started;
    if (args.profile) {
      const { profile: cpuProfile } = await cdp.send('Profiler.stop');
      await writeFile(args.profile, JSON.stringify(cpuProfile));
    }
    await page.evaluate(() => window.transferLabStudio!.flush());
    const savedMs = Date.now() - started;
    const stalls = (await page.evaluate('(() => { window.benchStalls.running = false; return window.benchStalls; })()')) as {
      longest: number;
      total: number;
      count: number;
      maxFrameGap: number;
      tasks: [number, number][];
    };
    const afterPick = stalls.tasks.filter(([start]) => start >= pickedAt).map(([, duration]) => duration);
    const thumbnailsInDom = await page.getByTestId('thumbnail').count();
    const classCards = await page.getByTestId('class-card').count();
    sampling = false;
    await sampler;

    // Scrolling a long class grid: the virtualiser keeps the DOM small.
    await page
      .getByTestId('thumbnail-grid')
      .first()
      .evaluate((grid) => grid.scrollTo({ top: grid.scrollHeight }));
    await page.waitForTimeout(300);
    const thumbnailsAfterScroll = await page.getByTestId('thumbnail').count();

    log('reloading');
    if (args.profile) await cdp.send('Profiler.start');
    const reloadStarted = Date.now();
    await page.reload();
    await page.getByTestId('project-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 300_000 });
    const restored = await totalImages(page);
    const restoreMs = Date.now() - reloadStarted;
    if (args.profile) await writeFile(`${args.profile}.reload`, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const stored = await page.evaluate(() => window.transferLabStudio!.stored());
    await context.close();

    const result = {
      bench: 'dataset-scale',
      images: IMAGES,
      classes: CLASSES,
      imageSize: `${SIZE}x${Math.round(SIZE * 0.75)} PNG`,
      datasetMb: +(datasetBytes / 1024 / 1024).toFixed(1),
      addMs,
      pickerMs: pickedMs,
      savedMs,
      imagesPerSecond: +(IMAGES / (addMs / 1000)).toFixed(1),
      classCards,
      peakJsHeapMb: +peakHeapMb.toFixed(1),
      baselineJsHeapMb: +baseline.heapMb.toFixed(1),
      peakBrowserRssMb: +peakRssMb.toFixed(0),
      baselineBrowserRssMb: +baseline.rssMb.toFixed(0),
      longestMainThreadTaskMs: +stalls.longest.toFixed(0),
      longestTaskAfterPickMs: +Math.max(0, ...afterPick).toFixed(0),
      longTasksAfterPick: afterPick.length,
      longTasks: stalls.count,
      longTasksTotalMs: +stalls.total.toFixed(0),
      maxFrameGapMs: +stalls.maxFrameGap.toFixed(0),
      thumbnailsInDom,
      thumbnailsInDomAfterScroll: thumbnailsAfterScroll,
      reloadRestoreMs: restoreMs,
      restoredImages: restored,
      storedImages: stored?.imageCount ?? null,
      cores: (await import('node:os')).cpus().length,
    };
    console.log(JSON.stringify(result));
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
