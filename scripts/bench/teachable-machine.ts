// Peer run: Google's own training library, @teachablemachine/image, on the same split, in the
// same browser and backend as the app. It runs on a blank page of the bench's server, loading the
// library's UMD bundle the way a web page would, with its fixed trunk URL answered from the app's
// installed trunk (rewritten into the layout its loader cuts, tm-trunk.ts). It embeds with
// addExample (one image at a time, on the main thread, as the library works), trains with
// train() and its web defaults, and classifies the test images with predict().
import type { Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChromiumCpu, HeapSampler, longTasksBetween, recordLongTasks } from './page-probes';
import { TM_TRUNK_URL_PATTERN, toNoTopLayout } from './tm-trunk';

/** Where the bench's server mounts the peer page and the libraries' bundles. */
export const PEER_MOUNT = '/__peer__/';

export function peerMounts(repoRoot: string): { prefix: string; dir: string }[] {
  const modules = path.join(repoRoot, 'node_modules');
  return [
    { prefix: `${PEER_MOUNT}tfjs/`, dir: path.join(modules, '@tensorflow/tfjs/dist') },
    { prefix: `${PEER_MOUNT}tfjs-wasm/`, dir: path.join(modules, '@tensorflow/tfjs-backend-wasm/dist') },
    { prefix: `${PEER_MOUNT}tm/`, dir: path.join(modules, '@teachablemachine/image/dist') },
    { prefix: PEER_MOUNT, dir: path.join(repoRoot, 'scripts/bench/peer') },
  ];
}

/**
 * The share of each class train() holds out for validation (its VALIDATION_FRACTION, rounded
 * up per class): the rest is what it trains on.
 */
const TM_VALIDATION_FRACTION = 0.15;

/** How many images the library trains on, and validates on, for these class sizes. */
export function peerSplitCounts(classSizes: number[]): { trainCount: number; valCount: number } {
  const valCount = classSizes.reduce((sum, n) => sum + Math.ceil(TM_VALIDATION_FRACTION * n), 0);
  return { trainCount: classSizes.reduce((sum, n) => sum + n, 0) - valCount, valCount };
}

/** Teachable Machine's web defaults (its training page): Dense 100, 50 epochs, batch 16, lr 0.001. */
export const TM_WEB_DEFAULTS = { denseUnits: 100, epochs: 50, batchSize: 16, learningRate: 0.001 };

export interface PeerClass {
  name: string;
  trainUrls: string[];
  testUrls: string[];
}

export interface PeerOptions {
  origin: string;
  /** The app's installed V2 0.35 trunk folder (model.json + weights) in the build folder. */
  trunkDir: string;
  backend: 'wasm' | 'webgl' | 'cpu';
  epochs: number;
  seed: number;
  classes: PeerClass[];
  log: (message: string) => void;
}

interface PhaseResult {
  ms: number;
  start: number;
  end: number;
}

/** window.peerBench, defined by scripts/bench/peer/peer.js. */
interface PeerBench {
  setup(options: {
    backend: string;
    labels: string[];
    seed: number;
    wasmPrefix: string;
  }): Promise<{ backend: string; tfjs: string; tm: string; trunkLoadMs: number }>;
  fetchTrainImages(urlsPerClass: string[][]): Promise<{ tensors: number }>;
  addExamples(): Promise<PhaseResult & { images: number }>;
  train(params: object): Promise<PhaseResult & { epochs: { loss: number; acc: number; valLoss: number; valAcc: number }[] }>;
  predict(urlsPerClass: string[][]): Promise<{ results: number[][]; tensors: number; wasmHeapBytes: number | null }>;
}
type PeerWindow = Window & { peerBench?: PeerBench };

export async function runTeachableMachine(browser: Browser, options: PeerOptions): Promise<Record<string, unknown>> {
  const { log } = options;
  const context = await browser.newContext();
  await recordLongTasks(context);
  const trunkJson = JSON.stringify(toNoTopLayout(JSON.parse(readFileSync(path.join(options.trunkDir, 'model.json'), 'utf8'))));
  let trunkRequests = 0;
  await context.route(TM_TRUNK_URL_PATTERN, async (route) => {
    trunkRequests++;
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '');
    if (name === 'model.json') return route.fulfill({ status: 200, contentType: 'application/json', body: trunkJson });
    try {
      return route.fulfill({
        status: 200,
        contentType: 'application/octet-stream',
        body: readFileSync(path.join(options.trunkDir, path.basename(name))),
      });
    } catch {
      return route.fulfill({ status: 404, body: `no ${name} in ${options.trunkDir}` });
    }
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`peer page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') log(`peer console.error: ${message.text()}`);
  });
  try {
    const loadStart = performance.now();
    await page.goto(`${options.origin}${PEER_MOUNT}index.html`, { waitUntil: 'load', timeout: 60_000 });
    const heap = await HeapSampler.start(page);
    const labels = options.classes.map((c) => c.name);
    const setup = await page.evaluate((options) => (window as PeerWindow).peerBench!.setup(options), {
      backend: options.backend,
      labels,
      seed: options.seed,
      wasmPrefix: `${PEER_MOUNT}tfjs-wasm/`,
    });
    const coldStartMs = performance.now() - loadStart;
    log(
      `peer: @teachablemachine/image ${setup.tm} on tfjs ${setup.tfjs} (${setup.backend}), trunk ready in ${Math.round(setup.trunkLoadMs)} ms (${trunkRequests} trunk requests answered locally)`,
    );

    const { tensors: tensorsBefore } = await page.evaluate(
      (urls) => (window as PeerWindow).peerBench!.fetchTrainImages(urls),
      options.classes.map((c) => c.trainUrls),
    );
    log('peer: addExample for every training image…');
    const cpu = await ChromiumCpu.attach(browser);
    const cpuStart = await cpu.seconds();
    const embed = await page.evaluate(() => (window as PeerWindow).peerBench!.addExamples());
    const cpuAfterEmbed = await cpu.seconds();
    const embedPerSec = embed.images / (embed.ms / 1000);
    log(`peer: embedded ${embed.images} images in ${Math.round(embed.ms)} ms (${embedPerSec.toFixed(1)} images/s)`);

    log(`peer: train() with ${JSON.stringify({ ...TM_WEB_DEFAULTS, epochs: options.epochs })}…`);
    const cpuBeforeTrain = await cpu.seconds();
    const train = await page.evaluate((params) => (window as PeerWindow).peerBench!.train(params), {
      ...TM_WEB_DEFAULTS,
      epochs: options.epochs,
    });
    const cpuAfterTrain = await cpu.seconds();
    await cpu.detach();
    const last = train.epochs.at(-1);
    log(
      `peer: trained ${train.epochs.length} epochs in ${Math.round(train.ms)} ms (${(train.ms / train.epochs.length).toFixed(1)} ms/epoch), val acc ${last?.valAcc?.toFixed(3)}`,
    );

    log('peer: predict() on the test images…');
    const {
      results: predicted,
      tensors: tensorsAfter,
      wasmHeapBytes,
    } = await page.evaluate(
      (urls) => (window as PeerWindow).peerBench!.predict(urls),
      options.classes.map((c) => c.testUrls),
    );
    let correct = 0;
    let k = 0;
    options.classes.forEach((c, truth) => {
      for (let i = 0; i < c.testUrls.length; i++, k++) {
        const p = predicted[k];
        if (p.indexOf(Math.max(...p)) === truth) correct++;
      }
    });
    const testImages = predicted.length;
    const testAccuracy = testImages > 0 ? correct / testImages : null;
    log(`peer: test accuracy ${testAccuracy === null ? '-' : (testAccuracy * 100).toFixed(1)}% (${correct}/${testImages})`);

    const embedLongTasks = await longTasksBetween(page, embed.start, embed.end);
    const trainLongTasks = await longTasksBetween(page, train.start, train.end);
    const heapPeaks = await heap.stop();
    return {
      bench: 'teachable-machine',
      library: `@teachablemachine/image ${setup.tm}`,
      tfjs: setup.tfjs,
      trunk: 'mobilenet_v2_0.35_224 (served from the app install, no_top layout)',
      backend: setup.backend,
      classes: labels,
      trainImages: embed.images,
      ...peerSplitCounts(options.classes.map((c) => c.trainUrls.length)),
      testImages,
      embedImagesPerSec: Math.round(embedPerSec * 10) / 10,
      embedMs: Math.round(embed.ms),
      embedCpuMsPerImage: Math.round(((cpuAfterEmbed - cpuStart) * 1000 * 10) / embed.images) / 10,
      trainCpuMsPerEpoch: Math.round(((cpuAfterTrain - cpuBeforeTrain) * 1000 * 10) / Math.max(1, train.epochs.length)) / 10,
      headMsPerEpoch: Math.round((train.ms / Math.max(1, train.epochs.length)) * 10) / 10,
      epochs: train.epochs.length,
      trainMs: Math.round(train.ms),
      finalValAccuracy: last ? Math.round(last.valAcc * 1e4) / 1e4 : null,
      testAccuracy: testAccuracy === null ? null : Math.round(testAccuracy * 1e4) / 1e4,
      coldStartMs: Math.round(coldStartMs),
      trunkLoadMs: Math.round(setup.trunkLoadMs),
      longTasks: { embedding: embedLongTasks, training: trainLongTasks },
      peakPageJsHeapBytes: heapPeaks.pageJsHeapBytes,
      wasmHeapBytes,
      tensorsBefore,
      tensorsAfter,
    };
  } finally {
    await context.close();
  }
}
