// The production build (`npm run build` = `vite build` without `--mode test-hooks`) must carry no
// test hook: no window.transferLab* global, no test-only worker command, nothing that fetches an
// arbitrary URL for a test. Builds the app into a temporary folder and reads every emitted script.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const VITE = path.join(REPO_ROOT, 'node_modules', '.bin', 'vite');

/**
 * Names that only the test hooks (src/app/test-hooks.ts, src/worker/test-hooks-service.ts) use and
 * that minification keeps (property names and strings; function names are renamed). Each is in a
 * `--mode test-hooks` build.
 */
const TEST_HOOK_MARKERS = [
  'transferLab', // every window global: transferLab, transferLabStudio, transferLabLab, transferLabSpeed, transferLabInterop, transferLabFaults
  'predictUrls',
  "test images come from this page's origin", // the URL fetch behind predictUrls and consumerProbabilities
  'embedSynthetic',
  'loseWebglContext',
  'killWorker',
];

async function scripts(dir: string): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.(m?js|html)$/.test(e.name) && !e.parentPath.includes(`${path.sep}models`));
  return Promise.all(
    files.map(async (e) => ({
      file: path.relative(dir, path.join(e.parentPath, e.name)),
      text: await readFile(path.join(e.parentPath, e.name), 'utf8'),
    })),
  );
}

describe('production build', () => {
  let outDir = '';

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'transfer-lab-prod-'));
    // Same as `npm run build` after its type check; `--mode production` is vite build's default, spelled out.
    await promisify(execFile)(VITE, ['build', '--mode', 'production', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
  }, 300_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('contains the app and its ML worker but no test hook', async () => {
    const files = await scripts(outDir);
    const all = files.map((f) => f.text).join('\n');
    // The scan reads the real bundle: the page's code and the worker's are both there.
    expect(all).toContain('transfer-lab-ml');
    expect(all).toContain('holdLifeLock');
    const found = files.flatMap(({ file, text }) =>
      TEST_HOOK_MARKERS.filter((marker) => text.includes(marker)).map((marker) => `${file}: ${marker}`),
    );
    expect(found).toEqual([]);
  });
});
