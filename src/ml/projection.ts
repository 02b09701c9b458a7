import { pca } from './pca';
import { canUseUmap, UMAP_EPOCHS, UMAP_INPUT_COMPONENTS, UMAP_MAX_POINTS, type ProjectionMethod } from './projection-options';
import { UMAP_MIN_POINTS, umap2d } from './umap-projection';

export { canUseUmap, UMAP_MAX_POINTS, type ProjectionMethod } from './projection-options';

/**
 * 2-D maps of high-dimensional vectors (trunk embeddings, raw pixels) for the embedding map.
 * PCA always; UMAP on request, run on the top principal components (the usual preprocessing:
 * it removes noise dimensions and makes UMAP's neighbour search ~2-3x faster on 1280 values).
 */

export interface Projection {
  method: ProjectionMethod;
  points: number[][];
  /** PCA only: share of the variance the two axes show. */
  explainedVarianceRatio: number[] | null;
}

export async function project2d(
  rows: ArrayLike<number>[],
  method: ProjectionMethod,
  options: { seed?: number; onProgress?: (fraction: number) => void | Promise<void> } = {},
): Promise<Projection> {
  const { seed = 1, onProgress } = options;
  if (method === 'pca') {
    const { coordinates, explainedVarianceRatio } = pca(rows, { components: 2, seed });
    return { method, points: coordinates, explainedVarianceRatio };
  }
  if (!canUseUmap(rows.length)) {
    throw new Error(`UMAP runs on ${UMAP_MIN_POINTS} to ${UMAP_MAX_POINTS} images; this map has ${rows.length}. Use PCA.`);
  }
  const reduced = pca(rows, { components: Math.min(UMAP_INPUT_COMPONENTS, rows.length - 1), iterations: 2, seed }).coordinates;
  const points = await umap2d(reduced, {
    seed,
    epochs: UMAP_EPOCHS,
    onProgress: onProgress ? (epoch, total) => onProgress(epoch / total) : undefined,
  });
  return { method, points, explainedVarianceRatio: null };
}
