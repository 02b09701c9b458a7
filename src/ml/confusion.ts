/**
 * The confusion matrix and the per-class scores read from it. Rows are the true class, columns
 * the predicted class: matrix[t][p] counts images of class t predicted as p.
 */

export type ConfusionMatrix = number[][];

export function confusionMatrix(trueClasses: number[], predictedClasses: number[], numClasses: number): ConfusionMatrix {
  if (trueClasses.length !== predictedClasses.length) {
    throw new Error(`confusionMatrix got ${trueClasses.length} true classes but ${predictedClasses.length} predictions.`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`numClasses must be a positive integer, got ${numClasses}.`);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  trueClasses.forEach((truth, i) => {
    const predicted = predictedClasses[i];
    for (const value of [truth, predicted]) {
      if (!Number.isInteger(value) || value < 0 || value >= numClasses) {
        throw new Error(`Class index ${value} (example ${i}) is outside 0..${numClasses - 1}.`);
      }
    }
    matrix[truth][predicted]++;
  });
  return matrix;
}

export interface ClassScores {
  /** Of the images predicted as this class, the share that really are; null when none were predicted as it. */
  precision: number | null;
  /** Of the images of this class, the share predicted as it; null when the set has none of it. */
  recall: number | null;
  /** Images of this class in the set (the row total). */
  support: number;
  /** Images predicted as this class (the column total). */
  predicted: number;
}

/** Precision and recall per class. Undefined ratios are null, not 0 or NaN: "no data" is not "always wrong". */
export function classScores(matrix: ConfusionMatrix): ClassScores[] {
  return matrix.map((row, c) => {
    const support = row.reduce((sum, count) => sum + count, 0);
    const predicted = matrix.reduce((sum, other) => sum + other[c], 0);
    const correct = row[c];
    return {
      precision: predicted > 0 ? correct / predicted : null,
      recall: support > 0 ? correct / support : null,
      support,
      predicted,
    };
  });
}

export function matrixTotal(matrix: ConfusionMatrix): number {
  return matrix.reduce((sum, row) => sum + row.reduce((s, count) => s + count, 0), 0);
}

/** Share of the diagonal; 0 for an empty matrix. */
export function matrixAccuracy(matrix: ConfusionMatrix): number {
  const total = matrixTotal(matrix);
  return total > 0 ? matrix.reduce((sum, row, c) => sum + row[c], 0) / total : 0;
}
