import { describe, expect, it } from 'vitest';
import { cosineSimilarity, findNearDuplicates, NEAR_DUPLICATE_SIMILARITY } from './near-duplicates';
import { createRng } from './rng';

describe('findNearDuplicates', () => {
  const rng = createRng(3);
  const vector = () => Float32Array.from({ length: 64 }, () => rng());
  const train = [vector(), vector(), vector()];
  const copy = Float32Array.from(train[1], (v, k) => v * 1.7 + (k % 2 === 0 ? 0.001 : 0)); // same direction, other scale
  const unrelated = vector().map((v, k) => (k < 32 ? v : 0));

  it('finds a held-out image whose embedding points the same way as a training one', () => {
    const pairs = findNearDuplicates(train, [unrelated, copy]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ first: 1, second: 1 });
    expect(pairs[0].similarity).toBeGreaterThan(0.999);
  });

  it('uses the threshold as a strict lower bound and sorts by similarity', () => {
    const a = Float32Array.from([1, 0]);
    const at = (angle: number) => Float32Array.from([Math.cos(angle), Math.sin(angle)]);
    const pairs = findNearDuplicates([a], [at(0.3), at(0.05), at(0.1), at(Math.acos(0.9))], 0.9);
    expect(pairs.map((p) => p.second)).toEqual([1, 2, 0]);
    expect(pairs[0].similarity).toBeCloseTo(Math.cos(0.05));
  });

  it('treats zero vectors as similar to nothing', () => {
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(findNearDuplicates([new Float32Array(2)], [new Float32Array(2)])).toEqual([]);
    expect(NEAR_DUPLICATE_SIMILARITY).toBeGreaterThan(0.9);
    expect(NEAR_DUPLICATE_SIMILARITY).toBeLessThan(1);
  });
});
