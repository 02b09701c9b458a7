import { createRng } from '../rng';
import type { EmbeddedSet } from '../train-head';

/**
 * Separable synthetic "embeddings": Gaussian clusters around random centres, standing in for
 * what a trunk produces for visually distinct classes.
 */
export function gaussianClusters(options: {
  classes: number;
  perClass: number;
  dimensions: number;
  spread: number;
  seed: number;
}): EmbeddedSet {
  const { classes, perClass, dimensions, spread, seed } = options;
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const centres = Array.from({ length: classes }, () => Array.from({ length: dimensions }, () => normal() * 3));
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i++) {
    centres.forEach((centre, label) => {
      embeddings.push(Float32Array.from(centre, (value) => value + normal() * spread));
      labels.push(label);
    });
  }
  return { embeddings, labels };
}
