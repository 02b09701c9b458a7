import { describe, expect, it } from 'vitest';
import { checkDataset, classSplitCounts, effectiveTestFraction, MIN_CLASS_SIZE_FOR_TEST, stratifiedSplit } from './split';

function labelsWithCounts(counts: number[]): number[] {
  // Interleaved so that class members are not contiguous.
  const labels: number[] = [];
  const remaining = [...counts];
  while (remaining.some((count) => count > 0)) {
    remaining.forEach((count, label) => {
      if (count > 0) {
        labels.push(label);
        remaining[label]--;
      }
    });
  }
  return labels;
}

function countByClass(indices: number[], labels: number[]): number[] {
  const counts = new Array<number>(Math.max(...labels) + 1).fill(0);
  for (const index of indices) counts[labels[index]]++;
  return counts;
}

describe('stratifiedSplit', () => {
  const labels = labelsWithCounts([10, 7, 2, 3]);

  it('holds out round(n * fraction) per class, at least 1', () => {
    const { trainIndices, valIndices } = stratifiedSplit(labels, 0.2, 42);
    // 10 -> 2, 7 -> round(1.4) = 1, 2 -> max(1, round(0.4)) = 1, 3 -> round(0.6) = 1
    expect(countByClass(valIndices, labels)).toEqual([2, 1, 1, 1]);
    expect(countByClass(trainIndices, labels)).toEqual([8, 6, 1, 2]);
  });

  it('returns disjoint index lists that cover every example, in ascending order', () => {
    const { trainIndices, valIndices } = stratifiedSplit(labels, 0.3, 1);
    const all = [...trainIndices, ...valIndices].sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
    expect(new Set([...trainIndices, ...valIndices]).size).toBe(labels.length);
    expect(trainIndices).toEqual([...trainIndices].sort((a, b) => a - b));
    expect(valIndices).toEqual([...valIndices].sort((a, b) => a - b));
  });

  it('is deterministic per seed and varies with the seed', () => {
    expect(stratifiedSplit(labels, 0.3, 5)).toEqual(stratifiedSplit(labels, 0.3, 5));
    const seeds = [1, 2, 3, 4, 5].map((seed) => stratifiedSplit(labels, 0.3, seed).valIndices.join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('holds nothing out at fraction 0 and keeps a training example in every class', () => {
    expect(stratifiedSplit(labels, 0, 1).valIndices).toEqual([]);
    const { trainIndices } = stratifiedSplit(labelsWithCounts([2, 2]), 0.9, 1);
    expect(countByClass(trainIndices, labelsWithCounts([2, 2]))).toEqual([1, 1]);
  });

  it('does not validate a single-example class and rejects bad input', () => {
    const { valIndices } = stratifiedSplit([0, 1, 1, 1], 0.5, 1);
    expect(valIndices.every((i) => i !== 0)).toBe(true);
    expect(() => stratifiedSplit([0, 1], 1, 1)).toThrow(/\[0, 1\)/);
    expect(() => stratifiedSplit([0, -1], 0.2, 1)).toThrow(/non-negative integers/);
  });
});

describe('checkDataset', () => {
  it('accepts two classes with enough images', () => {
    expect(
      checkDataset(
        [
          { label: 'cat', count: 3 },
          { label: 'dog', count: 2 },
        ],
        0.2,
      ),
    ).toEqual([]);
  });

  it('needs at least two classes with images', () => {
    const problems = checkDataset([{ label: 'cat', count: 5 }], 0.2);
    expect(problems).toEqual([{ code: 'too-few-classes', message: 'Add images to at least two classes before training.' }]);
    expect(checkDataset([], 0).map((p) => p.code)).toEqual(['too-few-classes']);
  });

  it('names empty classes', () => {
    const problems = checkDataset(
      [
        { label: 'cat', count: 5 },
        { label: 'dog', count: 0 },
        { label: 'owl', count: 4 },
      ],
      0.2,
    );
    expect(problems).toEqual([{ code: 'empty-class', message: 'Class "dog" has no images: add some or delete the class.', classIndex: 1 }]);
  });

  it('needs two images per class only when validating', () => {
    const classes = [
      { label: 'cat', count: 1 },
      { label: 'dog', count: 4 },
    ];
    const problems = checkDataset(classes, 0.15);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'too-few-for-validation', classIndex: 0 });
    expect(problems[0].message).toMatch(/"cat"/);
    expect(problems[0].message).toMatch(/at least 2/);
    expect(problems[0].message).toMatch(/validation to 0%/);
    expect(checkDataset(classes, 0)).toEqual([]);
  });

  it('reports every problem at once', () => {
    const codes = checkDataset(
      [
        { label: 'a', count: 1 },
        { label: 'b', count: 0 },
      ],
      0.2,
    ).map((p) => p.code);
    expect(codes).toEqual(['too-few-classes', 'too-few-for-validation', 'empty-class']);
  });
});

describe('stratifiedSplit with a test set', () => {
  const labels = [...Array(20).fill(0), ...Array(10).fill(1)];

  it('holds out test and validation images per class, disjoint and covering every example', () => {
    const { trainIndices, valIndices, testIndices } = stratifiedSplit(labels, 0.2, 7, 0.1);
    const all = [...trainIndices, ...valIndices, ...testIndices].sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
    const countOf = (indices: number[], label: number) => indices.filter((i) => labels[i] === label).length;
    expect([countOf(testIndices, 0), countOf(testIndices, 1)]).toEqual([2, 1]);
    expect([countOf(valIndices, 0), countOf(valIndices, 1)]).toEqual([4, 2]);
  });

  it('leaves the train/validation split unchanged when there is no test set', () => {
    expect(stratifiedSplit(labels, 0.15, 3, 0)).toEqual({ ...stratifiedSplit(labels, 0.15, 3), testIndices: [] });
  });

  it('asks for three images per class when both held-out sets are in use', () => {
    const problems = checkDataset(
      [
        { label: 'a', count: 2 },
        { label: 'b', count: 5 },
      ],
      0.15,
      0.15,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/"a" has only 2 images\. It needs at least 3/);
    expect(problems[0].message).toMatch(/one for validation and one for testing are held out/);
  });
});

describe('classSplitCounts and the automatic test set', () => {
  it('predicts exactly what stratifiedSplit does per class', () => {
    for (const size of [1, 2, 3, 7, 12, 40]) {
      const labels = new Array<number>(size).fill(0);
      const { trainIndices, valIndices, testIndices } = stratifiedSplit(labels, 0.15, 3, 0.15);
      expect(classSplitCounts(size, 0.15, 0.15)).toEqual({ train: trainIndices.length, val: valIndices.length, test: testIndices.length });
    }
    expect(classSplitCounts(12, 0.15, 0.15)).toEqual({ train: 8, val: 2, test: 2 });
  });

  it('holds a test set out only once every class has enough images', () => {
    expect(effectiveTestFraction([MIN_CLASS_SIZE_FOR_TEST, 30], 0.15)).toBe(0.15);
    expect(effectiveTestFraction([MIN_CLASS_SIZE_FOR_TEST - 1, 30], 0.15)).toBe(0);
    expect(effectiveTestFraction([], 0.15)).toBe(0);
    expect(effectiveTestFraction([50, 50], 0)).toBe(0);
  });
});
