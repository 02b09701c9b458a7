import { describe, expect, it } from 'vitest';
import { accuracy, argMax } from './metrics';

describe('argMax', () => {
  it('returns the index of the largest value, first on ties', () => {
    expect(argMax([0.1, 0.7, 0.2])).toBe(1);
    expect(argMax(new Float32Array([3, 5, 5]))).toBe(1);
    expect(argMax([-3, -1, -2])).toBe(1);
    expect(argMax([])).toBe(-1);
  });
});

describe('accuracy', () => {
  const rows = [new Float32Array([0.9, 0.1]), new Float32Array([0.2, 0.8]), new Float32Array([0.6, 0.4])];

  it('counts rows whose most probable class is the label', () => {
    expect(accuracy(rows, [0, 1, 1])).toBeCloseTo(2 / 3);
    expect(accuracy(rows, [0, 1, 0])).toBe(1);
  });

  it('is 0 for an empty set and rejects mismatched lengths', () => {
    expect(accuracy([], [])).toBe(0);
    expect(() => accuracy(rows, [0])).toThrow(/3 predictions but 1 labels/);
  });
});
