// The Python side of the training package's tests: the cached venv (scripts/training-venv.sh),
// unzipping a package and running its train.py. Used by scripts/training-package.test.ts and
// e2e/training-package.spec.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The venv's python. Under CI the venv must already exist (.ci/run makes it): a missing one fails, never skips. */
export function trainingPython(): string {
  const args = process.env.CI ? ['--existing'] : [];
  const result = spawnSync(path.join(REPO_ROOT, 'scripts/training-venv.sh'), args, { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`scripts/training-venv.sh failed (${result.status}): ${result.stderr}`);
  return result.stdout.trim().split('\n').at(-1) ?? '';
}

export function unzipTo(zip: Uint8Array, dir: string): Record<string, Uint8Array> {
  const files = unzipSync(zip);
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  return files;
}

export interface TrainReport {
  testAccuracy: number | null;
  embedSeconds: number;
  headEpochSeconds: number[];
  fineTuneEpochSeconds: number[];
  /** Whether the training photos were also learnt mirrored, and how many examples the final fit had (0: none). */
  mirrorViews: boolean;
  finalFitExamples: number;
  replicas: number;
  photos: { train: number; val: number; test: number };
  /** size: the stored file's width and height (before EXIF orientation). */
  testPredictions: { path: string; classIndex: number; size: [number, number]; probabilities: number[] }[];
}

/** Runs train.py in `packageDir`; throws with its output when it fails. */
export function runTrainPy(python: string, packageDir: string, args: string[]): string {
  const result = spawnSync(python, ['train.py', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 900_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', PYTHONHASHSEED: '0' },
  });
  if (result.status !== 0) throw new Error(`train.py exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}
