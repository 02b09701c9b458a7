import { describe, expect, it } from 'vitest';
import { canUseUmap, project2d, UMAP_MAX_POINTS } from './projection';
import { gaussianClusters } from './testing/clusters';
import { centroidSeparation } from './testing/separation';

describe('project2d', () => {
  const { embeddings, labels } = gaussianClusters({ classes: 3, perClass: 20, dimensions: 300, spread: 0.6, seed: 9 });

  it('keeps separated clusters separated with PCA and with UMAP', async () => {
    for (const method of ['pca', 'umap'] as const) {
      const projection = await project2d(embeddings, method, { seed: 3 });
      expect(projection.points).toHaveLength(60);
      expect(projection.points.every((p) => p.length === 2 && p.every(Number.isFinite))).toBe(true);
      expect(centroidSeparation(projection.points, labels).nearestCentroidAccuracy).toBe(1);
    }
  });

  it('reports the variance PCA shows, and refuses UMAP outside its range', async () => {
    const projection = await project2d(embeddings, 'pca');
    expect(projection.explainedVarianceRatio![0]).toBeGreaterThan(projection.explainedVarianceRatio![1]);
    expect(canUseUmap(4)).toBe(false);
    expect(canUseUmap(UMAP_MAX_POINTS + 1)).toBe(false);
    await expect(project2d(embeddings.slice(0, 3), 'umap')).rejects.toThrow(/Use PCA/);
  });
});
