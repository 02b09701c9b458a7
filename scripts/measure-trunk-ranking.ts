// What "Which trunk suits my photos?" shows on real photos: adds N photos per class from a
// dataset's train/ folders to the built app in headless Chromium, ranks the installed trunks and
// prints one JSON line with each trunk's estimate and time per photo as the app shows them, the
// wall time of the ranking and the machine's load average (the times depend on it).
//
//   npx tsx scripts/measure-trunk-ranking.ts --dataset ../shared/datasets/hymenoptera [--classes ants,bees] [--per-class 20]
//     [--port 4291] [--out-dir dist-bench] [--no-build] [--screenshot FILE.png]
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './chromium';
import { startPreviewServer } from './preview-server';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string' },
    classes: { type: 'string' },
    'per-class': { type: 'string', default: '20' },
    port: { type: 'string', default: '4291' },
    'out-dir': { type: 'string', default: 'dist-bench' },
    'no-build': { type: 'boolean', default: false },
    screenshot: { type: 'string' },
  },
});
if (!args.dataset) {
  console.error('npx tsx scripts/measure-trunk-ranking.ts --dataset DIR [--classes a,b] [--per-class 20] [--no-build] [--screenshot FILE]');
  process.exit(2);
}
const TRAIN = join(resolve(args.dataset), 'train');
const CLASSES = args.classes?.split(',') ?? readdirSync(TRAIN).sort();
const PER_CLASS = Number(args['per-class']);
const PORT = Number(args.port);
const OUT_DIR = args['out-dir']!;
const log = (message: string) => process.stderr.write(`[trunk-ranking] ${message}\n`);

function photos(label: string): string[] {
  const folder = join(TRAIN, label);
  return readdirSync(folder)
    .filter((name) => /\.(jpe?g|png)$/i.test(name))
    .sort()
    .slice(0, PER_CLASS)
    .map((name) => join(folder, name));
}

async function main(): Promise<void> {
  if (!args['no-build'] || !existsSync(OUT_DIR)) {
    log(`building into ${OUT_DIR}`);
    const build = spawnSync('npx', ['vite', 'build', '--mode', 'test-hooks', '--outDir', OUT_DIR], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const server = await startPreviewServer(OUT_DIR, PORT);
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
  try {
    const { url } = server;
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(url);
    await page.getByTestId('trunk-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 120_000 });
    for (let index = 0; index < CLASSES.length; index++) {
      if (index >= 2) await page.getByTestId('add-class').click();
      const card = page.getByTestId('class-card').nth(index);
      await card.getByTestId('class-name-input').fill(CLASSES[index]);
      await card.getByTestId('class-name-input').press('Enter');
      await card.getByTestId('class-file-input').setInputFiles(photos(CLASSES[index]));
      await card.getByTestId('class-count').getByText(`${PER_CLASS} images`).waitFor({ timeout: 120_000 });
    }
    await page.getByTestId('trunk-details').locator('summary').click();
    const loadBefore = loadavg()[0];
    const started = Date.now();
    await page.getByTestId('rank-trunks').click();
    await page.getByTestId('rank-trunks-results').waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - started) / 1000;
    const estimates = await page.locator('[data-testid^="trunk-estimate-"]').evaluateAll((spans) =>
      spans.map((span) => ({
        trunkId: span.getAttribute('data-testid')!.replace('trunk-estimate-', ''),
        shown: span.textContent,
        best: span.getAttribute('data-best') === 'true',
      })),
    );
    if (args.screenshot) await page.getByTestId('trunk-details').screenshot({ path: args.screenshot });
    const line = {
      dataset: args.dataset,
      classes: CLASSES,
      perClass: PER_CLASS,
      estimates,
      seconds,
      loadAverage: [loadBefore, loadavg()[0]],
    };
    console.log(JSON.stringify(line));
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
