// Measures the embedding map's projections on 1,000 synthetic MobileNet-V2-sized embeddings
// (1280 values) and raw-pixel vectors (768 values): PCA (src/ml/pca.ts) and UMAP (umap-js on the
// top principal components, src/ml/projection.ts), as the embedding map runs them.
// Usage: npx tsx scripts/measure-projections.ts [--points 1000] [--classes 10]
// Prints one JSON line; docs/evaluation.md quotes the figures.
import { project2d } from '../src/ml/projection';
import { gaussianClusters } from '../src/ml/testing/clusters';
import { centroidSeparation } from '../src/ml/testing/separation';
import { numericFlag } from './numeric-flag';

const points = numericFlag('points', 1000);
const classes = numericFlag('classes', 10);
const results: Record<string, unknown> = { points, classes };
for (const dimensions of [1280, 768]) {
  const { embeddings, labels } = gaussianClusters({ classes, perClass: Math.ceil(points / classes), dimensions, spread: 2, seed: 1 });
  const rows = embeddings.slice(0, points);
  const rowLabels = labels.slice(0, points);
  let started = performance.now();
  const projected = await project2d(rows, 'pca');
  const pcaMs = performance.now() - started;
  started = performance.now();
  const umapPoints = (await project2d(rows, 'umap')).points;
  const umapMs = performance.now() - started;
  results[`d${dimensions}`] = {
    pcaMs: Math.round(pcaMs),
    umapMs: Math.round(umapMs),
    pcaNearestCentroid: centroidSeparation(projected.points, rowLabels).nearestCentroidAccuracy,
    umapNearestCentroid: centroidSeparation(umapPoints, rowLabels).nearestCentroidAccuracy,
  };
}
console.log(JSON.stringify(results));
