import { createRng, shuffledIndices } from './rng';

/**
 * Choosing which examples are held out for validation, and checking beforehand that the
 * dataset can be trained and validated at all.
 */

/**
 * Per class, a seeded shuffle, then the first `valCount` examples go to validation, where
 * valCount = max(1, round(n * valFraction)) for valFraction > 0, capped at n - 1 so every class
 * keeps a training example. Classes with fewer than 2 examples are not validated (checkDataset
 * reports that case before training). Both index lists come back in ascending order.
 */
export function stratifiedSplit(
  labels: number[],
  valFraction: number,
  seed: number,
): { trainIndices: number[]; valIndices: number[] } {
  if (!(valFraction >= 0 && valFraction < 1)) {
    throw new Error(`Validation fraction must be in [0, 1), got ${valFraction}.`);
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
  for (const label of [...indicesByClass.keys()].sort((a, b) => a - b)) {
    const members = indicesByClass.get(label) ?? [];
    const order = shuffledIndices(members.length, rng).map((i) => members[i]);
    const valCount = validationCount(members.length, valFraction);
    valIndices.push(...order.slice(0, valCount));
    trainIndices.push(...order.slice(valCount));
  }
  return {
    trainIndices: trainIndices.sort((a, b) => a - b),
    valIndices: valIndices.sort((a, b) => a - b),
  };
}

function validationCount(classSize: number, valFraction: number): number {
  if (valFraction <= 0 || classSize < 2) return 0;
  return Math.min(classSize - 1, Math.max(1, Math.round(classSize * valFraction)));
}

export interface DatasetProblem {
  code: 'too-few-classes' | 'empty-class' | 'too-few-for-validation';
  message: string;
  classIndex?: number;
}

/** Everything that stops training from starting, phrased for the user; empty when ready. */
export function checkDataset(
  classes: { label: string; count: number }[],
  valFraction: number,
): DatasetProblem[] {
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
    } else if (valFraction > 0 && entry.count === 1) {
      problems.push({
        code: 'too-few-for-validation',
        message:
          `Class "${entry.label}" has only 1 image. It needs at least 2, because one is held out ` +
          'for validation (or set validation to 0%).',
        classIndex,
      });
    }
  });
  return problems;
}
