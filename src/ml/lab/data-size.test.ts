import { describe, expect, it } from 'vitest';
import { dataSizeSteps, subsamplePerClass } from './data-size';

describe('the data-size curve', () => {
  it('measures 1, 2, 5, 10, 20 per class below the full set, then all', () => {
    expect(dataSizeSteps(19).map((s) => s.perClass)).toEqual([1, 2, 5, 10, 19]);
    expect(dataSizeSteps(48).map((s) => s.label)).toEqual(['1', '2', '5', '10', '20', 'all (48)']);
    expect(dataSizeSteps(3).map((s) => s.perClass)).toEqual([1, 2, 3]);
  });

  it('draws nested, per-class subsamples', () => {
    const labels = Array.from({ length: 30 }, (_, i) => i % 3);
    const indices = labels.map((_, i) => i).filter((i) => i !== 4);
    const two = subsamplePerClass(indices, labels, 2, 9);
    const five = subsamplePerClass(indices, labels, 5, 9);
    expect(two).toHaveLength(6);
    expect([0, 1, 2].map((c) => two.filter((i) => labels[i] === c).length)).toEqual([2, 2, 2]);
    expect(two.every((i) => five.includes(i))).toBe(true);
    expect(five).not.toContain(4);
    expect(subsamplePerClass(indices, labels, 50, 9)).toEqual(indices);
  });
});
