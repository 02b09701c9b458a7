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

/**
 * Clusters with uniform noise: `perClass` points per class (class by class) around random centres
 * in [-1, 1]^dimensions, each coordinate moved by up to ±spread.
 */
export function uniformClusters(classes: number, perClass: number, dimensions: number, spread: number, seed: number): EmbeddedSet {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Float32Array.from({ length: dimensions }, () => rng() * 2 - 1));
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++)
    for (let i = 0; i < perClass; i++) {
      embeddings.push(centres[c].map((v) => v + (rng() * 2 - 1) * spread));
      labels.push(c);
    }
  return { embeddings, labels };
}
