import { describe, expect, it } from 'vitest';
import { uniformClusters as clusters } from './testing/clusters';
import { leaveOneOutCentroidAccuracy } from './trunk-ranking';

describe('leaveOneOutCentroidAccuracy', () => {
  it('is 1 for well separated classes and near chance for pure noise', () => {
    const apart = clusters(3, 10, 16, 0.05, 1);
    expect(leaveOneOutCentroidAccuracy(apart.embeddings, apart.labels)).toEqual({ accuracy: 1, scored: 30 });
    const noise = clusters(4, 25, 16, 50, 2);
    expect(leaveOneOutCentroidAccuracy(noise.embeddings, noise.labels).accuracy!).toBeLessThan(0.5);
  });

  it('ranks the trunk whose features separate the classes better first', () => {
    const sharp = clusters(3, 12, 16, 0.6, 3);
    const blurred = clusters(3, 12, 16, 2.5, 3);
    expect(leaveOneOutCentroidAccuracy(sharp.embeddings, sharp.labels).accuracy!).toBeGreaterThan(
      leaveOneOutCentroidAccuracy(blurred.embeddings, blurred.labels).accuracy!,
    );
  });

  it('leaves the photo out of its own centroid', () => {
    // Class 0 = (1, 0) and (0, 1); class 1 = (0.8, 0.6) twice. Without itself, class 0's centroid
    // for (0, 1) is (1, 0) (cosine 0), so class 1 (cosine 0.6) wins: both class-0 photos are
    // missed (0.5). With the photo counted in its own centroid, (0, 1) would score 0.71 and be right.
    const embeddings = [new Float32Array([1, 0]), new Float32Array([0, 1]), new Float32Array([0.8, 0.6]), new Float32Array([0.8, 0.6])];
    expect(leaveOneOutCentroidAccuracy(embeddings, [0, 0, 1, 1])).toEqual({ accuracy: 0.5, scored: 4 });
  });

  it('skips classes of one photo and reports nothing to score', () => {
    expect(leaveOneOutCentroidAccuracy([new Float32Array([1, 0]), new Float32Array([0, 1])], [0, 1])).toEqual({
      accuracy: null,
      scored: 0,
    });
    expect(leaveOneOutCentroidAccuracy([], [])).toEqual({ accuracy: null, scored: 0 });
    expect(() => leaveOneOutCentroidAccuracy([new Float32Array([1])], [])).toThrow(/labels/);
  });
});
