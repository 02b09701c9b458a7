import { describe, expect, it } from 'vitest';
import { createRng, shuffledIndices } from './rng';

describe('createRng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const first = Array.from({ length: 20 }, a);
    expect(Array.from({ length: 20 }, b)).toEqual(first);
  });

  it('gives different sequences for different seeds', () => {
    const a = Array.from({ length: 5 }, createRng(1));
    const b = Array.from({ length: 5 }, createRng(2));
    expect(a).not.toEqual(b);
  });

  it('stays in [0, 1) and spreads over the range', () => {
    const rng = createRng(123);
    const values = Array.from({ length: 10_000 }, rng);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('shuffledIndices', () => {
  it('is a permutation of 0..n-1', () => {
    const order = shuffledIndices(50, createRng(3));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('is deterministic per seed', () => {
    expect(shuffledIndices(30, createRng(9))).toEqual(shuffledIndices(30, createRng(9)));
    expect(shuffledIndices(30, createRng(9))).not.toEqual(shuffledIndices(30, createRng(10)));
  });

  it('handles 0 and 1 and rejects invalid counts', () => {
    expect(shuffledIndices(0, createRng(1))).toEqual([]);
    expect(shuffledIndices(1, createRng(1))).toEqual([0]);
    expect(() => shuffledIndices(-1, createRng(1))).toThrow(/non-negative integer/);
    expect(() => shuffledIndices(2.5, createRng(1))).toThrow(/non-negative integer/);
  });
});
