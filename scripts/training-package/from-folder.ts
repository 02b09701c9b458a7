// Headless training package: reads a folder of class subfolders and the installed trunk, then
// calls the same buildTrainingPackage the app's Export step uses (src/ml/training-package.ts).
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRAIN_CONFIG } from '../../src/ml/train-config';
import { buildTrainingPackage, type PackagePhoto, type PackageSettings } from '../../src/ml/training-package';
import { disposeTrunk, loadTrunk } from '../../src/ml/trunk';
import { cutArtifactsAtLayer } from '../../src/ml/trunk-cut';
import catalog from '../../src/ml/trunk-catalog.json';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.bmp']);
/** The app's defaults (src/state/training-store.ts DEFAULT_TRAINING_SETTINGS). */
/** The app's default settings (src/state/training-store.ts): the final fit on, mirror views off. */
export const CLI_DEFAULT_SETTINGS: PackageSettings = {
  ...DEFAULT_TRAIN_CONFIG,
  valFraction: 0.15,
  testFraction: 0.15,
  mirrorViews: false,
  finalFit: true,
};

export interface FolderPackageOptions {
  dataset: string;
  trunkId: string;
  modelsDir: string;
  settings: PackageSettings;
  /** At most this many photos per class (the first ones in name order); null for all. */
  perClass: number | null;
}

export class UsageError extends Error {}

/** Class subfolders in name order, photos in name order: the order the app would add them from a folder. */
export function readDatasetFolder(dataset: string, perClass: number | null): { labels: string[]; photos: PackagePhoto[] } {
  if (!existsSync(dataset) || !statSync(dataset).isDirectory()) throw new UsageError(`--dataset ${dataset} is not a folder.`);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const classes = readdirSync(dataset)
    .filter((name) => !name.startsWith('.') && statSync(path.join(dataset, name)).isDirectory())
    .sort(byName);
  if (classes.length < 2) throw new UsageError(`--dataset ${dataset} needs at least 2 class subfolders, found ${classes.length}.`);
  const photos: PackagePhoto[] = [];
  classes.forEach((label, classIndex) => {
    const names = readdirSync(path.join(dataset, label))
      .filter((name) => PHOTO_EXTENSIONS.has(path.extname(name).toLowerCase()))
      .sort(byName)
      .slice(0, perClass ?? undefined);
    if (names.length === 0) throw new UsageError(`Class folder "${label}" holds no photos (.jpg, .jpeg, .png, .webp, .gif, .bmp).`);
    for (const name of names) photos.push({ classIndex, name, bytes: readFileSync(path.join(dataset, label, name)) });
  });
  return { labels: classes, photos };
}

/** A tfjs layers model folder (model.json + shards) as an in-memory IO handler (pure-JS tfjs has no file IO on Node). */
/** The installed trunk's files; a catalogue entry with a cut layer is cut there, as the app does (src/ml/trunk-cut.ts). */
function modelFolderHandler(dir: string, cut?: { layer: string; trunkName: string }): tf.io.IOHandler {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const joined = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths.map((shard) => readFileSync(path.join(dir, shard)))));
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  const artifacts = { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData };
  return tf.io.fromMemory(cut ? cutArtifactsAtLayer(artifacts, cut.layer, cut.trunkName) : artifacts);
}

/** The installed catalogue trunk `trunkId` under `modelsDir`, cut where the catalogue says (as the app cuts it). */
export function installedTrunkHandler(modelsDir: string, trunkId: string): tf.io.IOHandler {
  const entry = catalog.trunks.find((t) => t.id === trunkId);
  const cut = entry && 'cutLayer' in entry && entry.cutLayer ? { layer: entry.cutLayer, trunkName: entry.name } : undefined;
  return modelFolderHandler(path.join(modelsDir, trunkId), cut);
}

function readPythonProject() {
  const dir = path.join(REPO_ROOT, 'src/portable/training');
  return {
    trainPy: readFileSync(path.join(dir, 'train.py'), 'utf8'),
    requirementsTxt: readFileSync(path.join(dir, 'requirements.txt'), 'utf8'),
    readmeMd: readFileSync(path.join(dir, 'README.md'), 'utf8'),
  };
}

/** The zip's bytes. */
export async function buildPackageFromFolder(options: FolderPackageOptions): Promise<Uint8Array> {
  const entry = catalog.trunks.find((t) => t.id === options.trunkId);
  if (!entry) {
    throw new UsageError(`--trunk ${options.trunkId} is not in the catalog (${catalog.trunks.map((t) => t.id).join(', ')}).`);
  }
  const trunkDir = path.join(options.modelsDir, options.trunkId);
  if (!existsSync(path.join(trunkDir, 'model.json'))) {
    throw new UsageError(`The trunk is not installed in ${trunkDir}: run npm run models first.`);
  }
  const { labels, photos } = readDatasetFolder(options.dataset, options.perClass);
  await tf.setBackend('cpu');
  const trunk = await loadTrunk(installedTrunkHandler(options.modelsDir, options.trunkId), options.trunkId);
  try {
    const files = await buildTrainingPackage({
      labels,
      photos,
      settings: options.settings,
      trunk,
      trainedHead: null,
      python: readPythonProject(),
      appVersion: (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      exportedAt: new Date(),
    });
    const entries: Record<string, Uint8Array> = {};
    for (const file of files)
      entries[file.name] = typeof file.content === 'string' ? new TextEncoder().encode(file.content) : new Uint8Array(file.content);
    // Photos are already compressed: stored, not deflated (level 0) keeps the CLI fast.
    return zipSync(entries, { level: 0 });
  } finally {
    disposeTrunk(trunk);
  }
}
