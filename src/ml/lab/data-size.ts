import { createRng, shuffledIndices } from '../rng';

/**
 * The data-size curve: test accuracy against the number of training images per class. Training
 * sets are nested subsamples of the full training split (the 2-per-class set contains the
 * 1-per-class set, and so on), drawn per class with a seeded shuffle, so each point adds images
 * rather than swapping them. Pure TS.
 */

export const DATA_SIZE_STEPS = [1, 2, 5, 10, 20] as const;

/** The per-class sizes worth measuring for a training split whose largest class has `largest` images: the steps below it, then all. */
export function dataSizeSteps(largest: number): { perClass: number; label: string }[] {
  const steps: { perClass: number; label: string }[] = DATA_SIZE_STEPS.filter((n) => n < largest).map((n) => ({
    perClass: n,
    label: String(n),
  }));
  steps.push({ perClass: largest, label: `all (${largest})` });
  return steps;
}

/** The first `perClass` training indices of each class in a seeded per-class order (all of a smaller class). */
export function subsamplePerClass(indices: number[], labels: number[], perClass: number, seed: number): number[] {
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`Images per class must be a positive integer, got ${perClass}.`);
  const byClass = new Map<number, number[]>();
  for (const index of indices) byClass.set(labels[index], [...(byClass.get(labels[index]) ?? []), index]);
  const rng = createRng(seed);
  const chosen: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label) ?? [];
    const order = shuffledIndices(members.length, rng).map((i) => members[i]);
    chosen.push(...order.slice(0, perClass));
  }
  return chosen.sort((a, b) => a - b);
}
