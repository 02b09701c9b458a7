import { describe, expect, it } from 'vitest';
import { packEmbeddings, unpackEmbeddings } from './embedding-set';

describe('embedding sets', () => {
  it('pack entries per trunk row by row, and unpack to independent copies', () => {
    const entries = [
      { trunkId: 'v2', imageId: 'a', vector: Float32Array.from([1, 2]) },
      { trunkId: 'v1', imageId: 'a', vector: Float32Array.from([9, 9, 9]) },
      { trunkId: 'v2', imageId: 'b', vector: Float32Array.from([3, 4]) },
    ];
    const sets = packEmbeddings(entries);
    expect(sets.map((s) => [s.trunkId, s.dimension, s.imageIds, Array.from(s.vectors)])).toEqual([
      ['v2', 2, ['a', 'b'], [1, 2, 3, 4]],
      ['v1', 3, ['a'], [9, 9, 9]],
    ]);
    const back = unpackEmbeddings(sets[0]);
    expect(back.map((e) => [e.imageId, Array.from(e.vector)])).toEqual([
      ['a', [1, 2]],
      ['b', [3, 4]],
    ]);
    back[0].vector[0] = 100;
    expect(sets[0].vectors[0]).toBe(1);
    // Each unpacked vector owns just its own values (IndexedDB would otherwise store the whole buffer).
    expect(back[1].vector.buffer.byteLength).toBe(8);
  });

  it('refuses a set whose values do not fit its ids', () => {
    expect(() => unpackEmbeddings({ trunkId: 'v2', dimension: 2, imageIds: ['a', 'b'], vectors: new Float32Array(3) })).toThrow(
      /3 values do not fit 2 x 2/,
    );
  });
});
