import { describe, expect, it } from 'vitest';
import { classScores, confusionMatrix, matrixAccuracy, matrixTotal } from './confusion';

describe('confusionMatrix', () => {
  // 3 classes; truth / prediction pairs written out by hand.
  const truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
  const predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 2];

  it('counts true class by row and predicted class by column', () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 0, 3],
    ]);
  });

  it('sums to the number of examples and reads accuracy off the diagonal', () => {
    const matrix = confusionMatrix(truth, predicted, 3);
    expect(matrixTotal(matrix)).toBe(10);
    expect(matrixAccuracy(matrix)).toBeCloseTo(7 / 10);
    expect(matrixAccuracy(confusionMatrix([], [], 2))).toBe(0);
  });

  it('keeps a row and column for classes absent from the set', () => {
    expect(confusionMatrix([0, 0], [0, 1], 4)).toEqual([
      [1, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('rejects mismatched lengths and out-of-range classes', () => {
    expect(() => confusionMatrix([0], [0, 1], 2)).toThrow(/1 true classes but 2 predictions/);
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/Class index 2/);
    expect(() => confusionMatrix([0], [-1], 2)).toThrow(/Class index -1/);
  });
});

describe('classScores', () => {
  it('gives precision per column and recall per row', () => {
    const scores = classScores([
      [2, 1, 1],
      [1, 2, 0],
      [0, 0, 3],
    ]);
    expect(scores[0]).toEqual({ precision: 2 / 3, recall: 2 / 4, support: 4, predicted: 3 });
    expect(scores[1]).toEqual({ precision: 2 / 3, recall: 2 / 3, support: 3, predicted: 3 });
    expect(scores[2]).toEqual({ precision: 3 / 4, recall: 1, support: 3, predicted: 4 });
  });

  it('says null, not 0, when a ratio has nothing to count', () => {
    // Everything predicted as class 0 ("always predicts one class"): class 1 is never predicted, class 2 never present.
    const scores = classScores([
      [3, 0, 0],
      [2, 0, 0],
      [0, 0, 0],
    ]);
    expect(scores[0]).toEqual({ precision: 3 / 5, recall: 1, support: 3, predicted: 5 });
    expect(scores[1]).toEqual({ precision: null, recall: 0, support: 2, predicted: 0 });
    expect(scores[2]).toEqual({ precision: null, recall: null, support: 0, predicted: 0 });
  });
});
