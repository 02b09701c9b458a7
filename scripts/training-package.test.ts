// The training package end to end on Node: the CLI builds it from a folder of class subfolders,
// and its train.py trains on a tiny set (12 photos per class, two epochs) in the cached venv and
// writes a Teachable-Machine-format zip. Needs the installed trunk (npm run models) and the
// hymenoptera photos in ../shared/datasets; Python tests fail (never skip) under CI without the venv.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingPackageManifest } from '../src/ml/training-package';
import { REPO_ROOT } from './training-package/from-folder';
import { runTrainPy, trainingPython, unzipTo, type TrainReport } from './training-package/python';

const HYMENOPTERA = path.resolve(REPO_ROOT, process.env.HYMENOPTERA_DIR ?? '../shared/datasets/hymenoptera', 'train');
const PER_CLASS = 12;

interface ManifestEntry {
  name: string;
  shape: number[];
}
const manifestOf = (modelJson: string) =>
  (JSON.parse(modelJson) as { weightsManifest: { paths: string[]; weights: ManifestEntry[] }[] }).weightsManifest;
const byteCount = (entries: ManifestEntry[]) => entries.reduce((sum, e) => sum + 4 * e.shape.reduce((a, b) => a * b, 1), 0);

describe('training package (CLI + train.py)', () => {
  let work: string;
  let zipPath: string;
  let files: Record<string, Uint8Array>;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'training-package-'));
    for (const label of ['ants', 'bees']) cpSync(path.join(HYMENOPTERA, label), path.join(work, 'dataset', label), { recursive: true });
    zipPath = path.join(work, 'package.zip');
    const cli = spawnSync(
      'npx',
      ['tsx', 'scripts/training-package.ts', '--dataset', path.join(work, 'dataset'), '--out', zipPath, '--per-class', String(PER_CLASS)],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    if (cli.status !== 0) throw new Error(`the CLI failed: ${cli.stdout}\n${cli.stderr}`);
    files = unzipSync(readFileSync(zipPath));
  }, 150_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds from the CLI: photos by class, the app split, the model in our tfjs format, the Python project', () => {
    const manifest = JSON.parse(strFromU8(files['dataset.json'])) as TrainingPackageManifest;
    expect(manifest.labels).toEqual(['ants', 'bees']);
    expect(manifest.photos).toHaveLength(2 * PER_CLASS);
    const antNames = readdirSync(path.join(work, 'dataset/ants')).sort().slice(0, PER_CLASS);
    expect(manifest.photos.filter((p) => p.classIndex === 0).map((p) => p.path.replace(/^photos\/00_ants\/\d{5}_/, ''))).toEqual(antNames);
    for (const photo of manifest.photos) expect(files[photo.path], photo.path).toBeDefined();
    // 12 per class at 15% / 15%: 2 test, 2 validation, 8 training photos per class.
    expect(manifest.photos.filter((p) => p.split === 'test')).toHaveLength(4);
    expect(manifest.photos.filter((p) => p.split === 'val')).toHaveLength(4);
    expect(manifest.settings).toMatchObject({
      epochs: 50,
      batchSize: 16,
      learningRate: 0.001,
      hiddenUnits: 100,
      seed: 42,
      mirrorViews: false,
      finalFit: true,
    });
    expect(manifest.model.headTrained).toBe(false);

    const weights = manifestOf(strFromU8(files['model/model.json']))[0].weights;
    expect(files['model/weights.bin'].byteLength).toBe(byteCount(weights));
    // The trunk's bytes are the installed trunk's, unchanged: its first tensor (Conv1/kernel) compared.
    const trunkDir = path.join(REPO_ROOT, 'public/models', manifest.trunk.id);
    const trunkManifest = manifestOf(readFileSync(path.join(trunkDir, 'model.json'), 'utf8'));
    const firstShard = readFileSync(path.join(trunkDir, trunkManifest[0].paths[0]));
    const first = trunkManifest[0].weights[0];
    const offset = byteCount(
      weights.slice(
        0,
        weights.findIndex((w) => w.name === first.name),
      ),
    );
    const length = byteCount([first]);
    expect(Buffer.from(files['model/weights.bin'].subarray(offset, offset + length)).equals(firstShard.subarray(0, length))).toBe(true);
    for (const name of ['train.py', 'requirements.txt', 'README.md', 'labels.json', 'model/metadata.json'])
      expect(files[name], name).toBeDefined();
    expect(strFromU8(files['requirements.txt'])).toMatch(/^tensorflow-cpu==2\.21\.0$/m);
  });

  it('refuses a folder without class subfolders, saying why', () => {
    const cli = spawnSync(
      'npx',
      ['tsx', 'scripts/training-package.ts', '--dataset', path.join(work, 'dataset/ants'), '--out', path.join(work, 'x.zip')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('needs at least 2 class subfolders, found 0');
  });

  it('train.py trains two epochs on it and writes a zip in our format with every weight the package had', () => {
    const dir = path.join(work, 'unzipped');
    unzipTo(readFileSync(zipPath), dir);
    const out = path.join(work, 'keras-model.zip');
    const report = path.join(work, 'report.json');
    runTrainPy(trainingPython(), dir, ['--epochs', '2', '--out', out, '--report', report]);
    const result = unzipSync(readFileSync(out));
    const packageWeights = manifestOf(strFromU8(files['model/model.json']))[0].weights;
    const weights = manifestOf(strFromU8(result['model.json']))[0].weights;
    expect(weights.map((w) => w.name)).toEqual(packageWeights.map((w) => w.name));
    expect(result['weights.bin'].byteLength).toBe(byteCount(weights));
    // The frozen trunk comes back bit for bit; the head has moved.
    const trunkBytes = byteCount(weights.filter((w) => !w.name.startsWith('transfer_lab_head')));
    const headBytes = result['weights.bin'].byteLength - trunkBytes;
    const headFirst = weights.findIndex((w) => w.name.startsWith('transfer_lab_head'));
    expect(headFirst).toBe(0);
    expect(Buffer.from(result['weights.bin'].subarray(headBytes)).equals(Buffer.from(files['model/weights.bin'].subarray(headBytes)))).toBe(
      true,
    );
    expect(
      Buffer.from(result['weights.bin'].subarray(0, headBytes)).equals(Buffer.from(files['model/weights.bin'].subarray(0, headBytes))),
    ).toBe(false);
    const metadata = JSON.parse(strFromU8(result['metadata.json'])) as {
      labels: string[];
      userMetadata: { trainedWith: { epochs: number } };
    };
    expect(metadata.labels).toEqual(['ants', 'bees']);
    expect(metadata.userMetadata.trainedWith.epochs).toBe(2);
    const figures = JSON.parse(readFileSync(report, 'utf8')) as TrainReport;
    expect(figures.headEpochSeconds).toHaveLength(2);
    // The app's default path: the final fit on the 16 training + 4 validation photos (no mirror views).
    expect(figures.mirrorViews).toBe(false);
    expect(figures.finalFitExamples).toBe(2 * PER_CLASS - 4);
    expect(figures.testPredictions).toHaveLength(4);
    for (const p of figures.testPredictions) expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  }, 600_000);
});
