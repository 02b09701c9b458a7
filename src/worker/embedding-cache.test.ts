import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from './embedding-cache';

describe('EmbeddingCache unsaved tracking', () => {
  it('hands each computed embedding to the autosave once, and never the restored ones', () => {
    const cache = new EmbeddingCache();
    cache.restore('v2', 'old', Float32Array.from([1]));
    cache.set('v2', 'new', Float32Array.from([2]));
    cache.set('v1', 'new', Float32Array.from([3]));
    cache.set('v2', 'gone', Float32Array.from([4]));
    cache.forget(['gone']);
    expect(cache.takeUnsaved().map((e) => `${e.trunkId}/${e.imageId}`)).toEqual(['v2/new', 'v1/new']);
    expect(cache.takeUnsaved()).toEqual([]);
    expect(cache.missing('v2', ['old', 'new', 'gone'])).toEqual(['gone']);
    expect([...cache.entriesOf(['old', 'new'])].map((e) => `${e.trunkId}/${e.imageId}`)).toEqual(['v2/old', 'v2/new', 'v1/new']);
  });
});
