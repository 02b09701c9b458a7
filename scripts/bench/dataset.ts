// Reads a dataset folder (one subfolder per class) and plans the bench's train/test split.
//
// Layouts:
//   DIR/train/<class>/*  +  DIR/test/<class>/*  (or DIR/val/<class>/*)  -> the given splits
//   DIR/<class>/*                                                     -> seeded stratified 80/20
// Every random choice uses a generator seeded from (seed, class name), so one class's split and
// sample do not change when other classes are added, removed or reordered with --classes.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRng } from '../../src/ml/rng';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.gif', '.webp', '.bmp'] as const;
export const DEFAULT_TEST_FRACTION = 0.2;

/** A problem the user has to fix (bad folder, unknown class): printed without a stack trace. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

export function isImageFile(name: string): boolean {
  if (name.startsWith('.')) return false;
  const ext = path.extname(name).toLowerCase();
  return (IMAGE_EXTENSIONS as readonly string[]).includes(ext);
}

/** Image paths relative to the dataset root, with forward slashes (they become URLs too). */
export interface ScannedClass {
  name: string;
  train: string[];
  test: string[];
}

export interface DatasetScan {
  root: string;
  /** 'split': the folder brought its own train/test (or train/val) split; 'flat': the bench splits. */
  layout: 'split' | 'flat';
  /** For 'split': the folder used as the test split ('test' or 'val'). */
  testSplit: 'test' | 'val' | null;
  /** For 'split': train and test as found. For 'flat': every image in `train`, `test` empty. */
  classes: ScannedClass[];
  /** Folders and files skipped, for the log. */
  notes: string[];
}

export interface PlanOptions {
  /** Class folder names to use, in this order; all classes (sorted by name) when absent. */
  classes?: string[];
  /** Keep the first N training images per class after a seeded shuffle. */
  trainPerClass?: number;
  seed: number;
  testFraction?: number;
}

export interface PlannedClass {
  name: string;
  train: string[];
  test: string[];
}

export interface DatasetPlan {
  root: string;
  layout: 'split' | 'flat';
  testSplit: 'test' | 'val' | null;
  classes: PlannedClass[];
  notes: string[];
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || (e.isSymbolicLink() && isDirectory(path.join(dir, e.name)))))
    .map((e) => e.name)
    .sort(byName);
}

/** Image files directly inside `dir`, sorted by name, as paths relative to `root`. */
function imagesIn(root: string, dir: string): string[] {
  if (!isDirectory(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && isImageFile(e.name))
    .map((e) => e.name)
    .sort(byName)
    .map((name) => path.relative(root, path.join(dir, name)).split(path.sep).join('/'));
}

/** Lists a dataset folder. Throws DatasetError when it is missing or holds no class folders. */
export function scanDataset(dir: string): DatasetScan {
  const root = path.resolve(dir);
  if (!isDirectory(root)) throw new DatasetError(`dataset folder not found: ${dir}`);
  const notes: string[] = [];
  const top = subfolders(root);
  const hasTrain = top.includes('train');
  const testSplit = top.includes('test') ? 'test' : top.includes('val') ? 'val' : null;

  let scan: DatasetScan;
  if (hasTrain && testSplit) {
    const trainDir = path.join(root, 'train');
    const testDir = path.join(root, testSplit);
    const names = subfolders(trainDir);
    const testNames = subfolders(testDir);
    for (const name of testNames) if (!names.includes(name)) notes.push(`${testSplit}/${name} has no train/${name}: ignored`);
    scan = {
      root,
      layout: 'split',
      testSplit,
      classes: names.map((name) => ({
        name,
        train: imagesIn(root, path.join(trainDir, name)),
        test: imagesIn(root, path.join(testDir, name)),
      })),
      notes,
    };
  } else {
    // A lone train/ folder (no test/ or val/) is the class folder set; the bench splits it.
    const classRoot = hasTrain ? path.join(root, 'train') : root;
    if (hasTrain)
      notes.push(
        `train/ without test/ or val/: splitting train/ ${Math.round((1 - DEFAULT_TEST_FRACTION) * 100)}/${Math.round(DEFAULT_TEST_FRACTION * 100)}`,
      );
    scan = {
      root,
      layout: 'flat',
      testSplit: null,
      classes: subfolders(classRoot).map((name) => ({ name, train: imagesIn(root, path.join(classRoot, name)), test: [] })),
      notes,
    };
  }
  if (scan.classes.length === 0) throw new DatasetError(`no class folders in ${dir}`);
  return scan;
}

/** mulberry32, the generator the app's splits use (src/ml/rng.ts). */
export const mulberry32 = createRng;

/** FNV-1a of a string, to derive one generator per class from the run's seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fisher-Yates shuffle of a copy of `items`. */
export function seededShuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Test images for a class of n in a flat folder: about `fraction`, but at least one of each side when n >= 2. */
export function testCount(n: number, fraction: number): number {
  if (n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
}

/** Picks classes, splits flat folders, shuffles and trims the training images. Pure: no file access. */
export function planDataset(scan: DatasetScan, options: PlanOptions): DatasetPlan {
  const fraction = options.testFraction ?? DEFAULT_TEST_FRACTION;
  const notes = scan.notes.slice();
  let chosen: ScannedClass[];
  if (options.classes && options.classes.length > 0) {
    const seen = new Set<string>();
    chosen = options.classes.map((name) => {
      if (seen.has(name)) throw new DatasetError(`class "${name}" is listed twice in --classes`);
      seen.add(name);
      const found = scan.classes.find((c) => c.name === name);
      if (!found)
        throw new DatasetError(`class "${name}" not found in ${scan.root}; classes there: ${scan.classes.map((c) => c.name).join(', ')}`);
      if (found.train.length === 0) throw new DatasetError(`class "${name}" has no image files`);
      return found;
    });
  } else {
    chosen = scan.classes.filter((c) => {
      if (c.train.length === 0) notes.push(`class folder "${c.name}" has no training images: skipped`);
      return c.train.length > 0;
    });
  }
  if (chosen.length === 0) throw new DatasetError(`no classes with images in ${scan.root}`);

  const classes = chosen.map((c) => {
    const random = mulberry32((options.seed ^ hashString(c.name)) >>> 0);
    let train: string[];
    let test: string[];
    if (scan.layout === 'flat') {
      const shuffled = seededShuffle(c.train, random);
      const nTest = testCount(shuffled.length, fraction);
      test = shuffled.slice(0, nTest).sort(byName);
      train = shuffled.slice(nTest);
    } else {
      train = seededShuffle(c.train, random);
      test = c.test.slice();
    }
    if (options.trainPerClass !== undefined) {
      if (train.length < options.trainPerClass)
        notes.push(`class "${c.name}" has ${train.length} training images (< --train-per-class ${options.trainPerClass}): using all`);
      train = train.slice(0, options.trainPerClass);
    }
    return { name: c.name, train, test };
  });
  return { root: scan.root, layout: scan.layout, testSplit: scan.testSplit, classes, notes };
}

/** URL path of a dataset image under the static server's dataset mount. */
export function datasetUrl(mount: string, relPath: string): string {
  const base = mount.endsWith('/') ? mount : `${mount}/`;
  return base + relPath.split('/').map(encodeURIComponent).join('/');
}
