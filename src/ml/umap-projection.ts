import { UMAP } from 'umap-js';
import { UMAP_MIN_POINTS } from './projection-options';
import { createRng } from './rng';

/**
 * UMAP (umap-js, the maintained JavaScript port of McInnes' UMAP) down to 2-D. Unlike PCA it
 * keeps neighbourhoods rather than global variance, so tight class clusters stand out; it is
 * also far slower and its layout depends on the seed.
 */

export interface UmapOptions {
  seed?: number;
  /** Neighbours per point; capped below the number of points. */
  neighbours?: number;
  minDist?: number;
  /** Optimisation epochs; umap-js picks 500 below 10,000 points when left out. */
  epochs?: number;
  /** Awaited every `yieldEvery` epochs: a worker yields to its message queue there. */
  onProgress?: (epoch: number, totalEpochs: number) => void | Promise<void>;
  yieldEvery?: number;
}

export { UMAP_MIN_POINTS } from './projection-options';

export async function umap2d(rows: ArrayLike<number>[], options: UmapOptions = {}): Promise<number[][]> {
  const { seed = 1, neighbours = 15, minDist = 0.1, epochs, onProgress, yieldEvery = 25 } = options;
  if (rows.length < UMAP_MIN_POINTS) {
    throw new Error(`UMAP needs at least ${UMAP_MIN_POINTS} points, got ${rows.length}.`);
  }
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.max(2, Math.min(neighbours, rows.length - 1)),
    minDist,
    nEpochs: epochs,
    random: createRng(seed),
  });
  const totalEpochs = umap.initializeFit(rows.map((row) => Array.from(row)));
  for (let epoch = 0; epoch < totalEpochs; epoch++) {
    umap.step();
    if (onProgress && (epoch + 1) % yieldEvery === 0) await onProgress(epoch + 1, totalEpochs);
  }
  return umap.getEmbedding().map((point) => [point[0], point[1]]);
}
