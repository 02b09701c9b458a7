import type { ProbabilityDifference } from './export-kinds';
import { argMax } from './metrics';

/** How far two sets of probability rows for the same images are apart. */
export function compareProbabilities(reference: ArrayLike<number>[], other: ArrayLike<number>[]): ProbabilityDifference {
  if (reference.length !== other.length) throw new Error(`Cannot compare ${reference.length} predictions with ${other.length}.`);
  let maxAbsDifference = 0;
  let total = 0;
  let count = 0;
  let sameTopClass = 0;
  reference.forEach((row, i) => {
    const otherRow = other[i];
    if (row.length !== otherRow.length)
      throw new Error(`Prediction ${i} has ${row.length} classes in one set and ${otherRow.length} in the other.`);
    for (let c = 0; c < row.length; c++) {
      const difference = Math.abs(row[c] - otherRow[c]);
      maxAbsDifference = Math.max(maxAbsDifference, difference);
      total += difference;
      count++;
    }
    if (argMax(row) === argMax(otherRow)) sameTopClass++;
  });
  return { imageCount: reference.length, maxAbsDifference, meanAbsDifference: count > 0 ? total / count : 0, sameTopClass };
}
