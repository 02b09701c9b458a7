// The embedding map's projection choices as plain values, free of umap-js and tfjs so that the
// page can offer them without bundling either (the projections themselves run in the worker).

export type ProjectionMethod = 'pca' | 'umap';

/** The fewest points UMAP is run on; below it there is no neighbourhood graph worth drawing. */
export const UMAP_MIN_POINTS = 5;
/** Principal components UMAP starts from. */
export const UMAP_INPUT_COMPONENTS = 16;
/** Optimisation epochs for UMAP: umap-js' default of 500 costs 2.5x the time for a picture that barely changes. */
export const UMAP_EPOCHS = 200;
/** Above this many points the UMAP option is withheld: on a busy 2-core machine 1,000 points already take 7-11 s per map pair (docs/evaluation.md). */
export const UMAP_MAX_POINTS = 1500;

export function canUseUmap(count: number): boolean {
  return count >= UMAP_MIN_POINTS && count <= UMAP_MAX_POINTS;
}
