import { createRng, shuffledIndices } from './rng';

/**
 * Choosing which examples are held out for validation, and checking beforehand that the
 * dataset can be trained and validated at all.
 */

export interface SplitIndices {
  trainIndices: number[];
  valIndices: number[];
  /** Held out from training and from every choice made during training; empty when testFraction is 0. */
  testIndices: number[];
}

/**
 * Per class, a seeded shuffle; the first `testCount` examples go to the test set, the next
 * `valCount` to validation, the rest to training. Each held-out count is
 * max(1, round(n * fraction)) for a fraction > 0, capped so every class keeps a training
 * example (checkDataset reports classes too small to split before training). With
 * testFraction 0 the train/validation split is the same as without a test set. All index lists
 * come back in ascending order.
 */
export function stratifiedSplit(labels: number[], valFraction: number, seed: number, testFraction = 0): SplitIndices {
  for (const [name, fraction] of [
    ['Validation', valFraction],
    ['Test', testFraction],
  ] as const) {
    if (!(fraction >= 0 && fraction < 1)) throw new Error(`${name} fraction must be in [0, 1), got ${fraction}.`);
  }
  const indicesByClass = new Map<number, number[]>();
  labels.forEach((label, index) => {
    if (!Number.isInteger(label) || label < 0) {
      throw new Error(`Label ${index} is ${label}; labels must be non-negative integers.`);
    }
    const members = indicesByClass.get(label) ?? [];
    members.push(index);
    indicesByClass.set(label, members);
  });

  // One generator walked through the classes in label order: the split depends only on the
  // seed and the labels, not on the order classes were first seen.
  const rng = createRng(seed);
  const trainIndices: number[] = [];
  const valIndices: number[] = [];
  const testIndices: number[] = [];
  for (const label of [...indicesByClass.keys()].sort((a, b) => a - b)) {
    const members = indicesByClass.get(label) ?? [];
    const order = shuffledIndices(members.length, rng).map((i) => members[i]);
    const { test: testCount, val: valCount } = classSplitCounts(members.length, valFraction, testFraction);
    testIndices.push(...order.slice(0, testCount));
    valIndices.push(...order.slice(testCount, testCount + valCount));
    trainIndices.push(...order.slice(testCount + valCount));
  }
  const ascending = (a: number, b: number) => a - b;
  return { trainIndices: trainIndices.sort(ascending), valIndices: valIndices.sort(ascending), testIndices: testIndices.sort(ascending) };
}

export interface ClassSplitCounts {
  train: number;
  val: number;
  test: number;
}

/** How a class of `size` images is divided by stratifiedSplit: the test set first, then validation from the rest. */
export function classSplitCounts(size: number, valFraction: number, testFraction = 0): ClassSplitCounts {
  const test = holdoutCount(size, testFraction);
  const val = holdoutCount(size - test, valFraction);
  return { train: size - test - val, val, test };
}

/**
 * Images every class needs before a test set is held out automatically: below it, a test set of
 * one image per class says little and costs a training image, so the score comes from
 * validation instead (and the UI says so).
 */
export const MIN_CLASS_SIZE_FOR_TEST = 10;

/** The test fraction a run uses: the chosen one once every class has MIN_CLASS_SIZE_FOR_TEST images, else 0. */
export function effectiveTestFraction(classSizes: number[], testFraction: number): number {
  return classSizes.length > 0 && Math.min(...classSizes) >= MIN_CLASS_SIZE_FOR_TEST ? testFraction : 0;
}

/** How many of `available` examples a fraction holds out, leaving at least one for training. */
function holdoutCount(available: number, fraction: number): number {
  if (fraction <= 0 || available < 2) return 0;
  return Math.min(available - 1, Math.max(1, Math.round(available * fraction)));
}

/** The fewest images a class needs: one for training plus one per held-out set in use. */
export function minimumClassSize(valFraction: number, testFraction = 0): number {
  return 1 + (valFraction > 0 ? 1 : 0) + (testFraction > 0 ? 1 : 0);
}

export interface DatasetProblem {
  code: 'too-few-classes' | 'empty-class' | 'too-few-for-validation';
  message: string;
  classIndex?: number;
}

/** Everything that stops training from starting, phrased for the user; empty when ready. */
export function checkDataset(classes: { label: string; count: number }[], valFraction: number, testFraction = 0): DatasetProblem[] {
  const needed = minimumClassSize(valFraction, testFraction);
  const problems: DatasetProblem[] = [];
  if (classes.filter((entry) => entry.count > 0).length < 2) {
    problems.push({
      code: 'too-few-classes',
      message: 'Add images to at least two classes before training.',
    });
  }
  classes.forEach((entry, classIndex) => {
    if (entry.count === 0) {
      problems.push({
        code: 'empty-class',
        message: `Class "${entry.label}" has no images: add some or delete the class.`,
        classIndex,
      });
    } else if (entry.count < needed) {
      const heldOut = [valFraction > 0 ? 'one for validation' : '', testFraction > 0 ? 'one for testing' : '']
        .filter(Boolean)
        .join(' and ');
      const shares = [valFraction > 0 ? 'validation' : '', testFraction > 0 ? 'test' : ''].filter(Boolean).join(' and ');
      problems.push({
        code: 'too-few-for-validation',
        message:
          `Class "${entry.label}" has only ${entry.count} image${entry.count === 1 ? '' : 's'}. It needs at least ${needed}, ` +
          `because ${heldOut} ${heldOut.includes(' and ') ? 'are' : 'is'} held out (or set ${shares} to 0%).`,
        classIndex,
      });
    }
  });
  return problems;
}
