import { describe, expect, it } from 'vitest';
import { gaussianClusters } from './testing/clusters';
import { centroidSeparation } from './testing/separation';
import { umap2d } from './umap-projection';

describe('umap2d', () => {
  it('keeps clearly separated clusters separated, the same way for the same seed', async () => {
    const { embeddings, labels } = gaussianClusters({ classes: 3, perClass: 25, dimensions: 128, spread: 0.5, seed: 4 });
    const points = await umap2d(embeddings, { seed: 7, epochs: 200 });
    expect(points).toHaveLength(75);
    expect(centroidSeparation(points, labels).nearestCentroidAccuracy).toBe(1);
    expect(await umap2d(embeddings, { seed: 7, epochs: 200 })).toEqual(points);
  });

  it('reports progress and refuses too few points', async () => {
    const { embeddings } = gaussianClusters({ classes: 2, perClass: 5, dimensions: 8, spread: 0.5, seed: 1 });
    const seen: number[] = [];
    await umap2d(embeddings, { epochs: 50, yieldEvery: 10, onProgress: (epoch) => void seen.push(epoch) });
    expect(seen).toEqual([10, 20, 30, 40, 50]);
    await expect(umap2d(embeddings.slice(0, 4))).rejects.toThrow(/at least 5 points/);
  });
});
