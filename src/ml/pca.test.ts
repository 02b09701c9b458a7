import { describe, expect, it } from 'vitest';
import { pca, symmetricEigen } from './pca';
import { createRng } from './rng';
import { gaussianClusters } from './testing/clusters';
import { centroidSeparation } from './testing/separation';

describe('symmetricEigen', () => {
  it('diagonalises a small symmetric matrix', () => {
    const m = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
    const { values, vectors } = symmetricEigen(m, 3);
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 3; i++) {
        let mv = 0;
        for (let k = 0; k < 3; k++) mv += m[i * 3 + k] * vectors[k * 3 + j];
        expect(mv).toBeCloseTo(values[j] * vectors[i * 3 + j], 10);
      }
    }
    expect(values.reduce((a, b) => a + b)).toBeCloseTo(9, 10);
  });
});

describe('pca', () => {
  it('finds the axes and variance shares of data with a known covariance', () => {
    // Independent axes with standard deviations 3, 1 and 0, then rotated: variance shares 0.9, 0.1, 0.
    const rng = createRng(5);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const angle = 0.7;
    const rows = Array.from({ length: 4000 }, () => {
      const a = 3 * normal();
      const b = normal();
      return [a * Math.cos(angle) - b * Math.sin(angle), a * Math.sin(angle) + b * Math.cos(angle), 5];
    });
    const { explainedVarianceRatio, coordinates } = pca(rows);
    expect(explainedVarianceRatio[0]).toBeCloseTo(0.9, 1);
    expect(explainedVarianceRatio[1]).toBeCloseTo(0.1, 1);
    expect(explainedVarianceRatio[0] + explainedVarianceRatio[1]).toBeCloseTo(1, 6);
    // The first coordinate is the projection on the rotated long axis (up to sign).
    const [x, y] = rows[0];
    expect(Math.abs(coordinates[0][0])).toBeCloseTo(
      Math.abs((x - mean(rows, 0)) * Math.cos(angle) + (y - mean(rows, 1)) * Math.sin(angle)),
      1,
    );
  });

  it('keeps clearly separated clusters separated in 2-D', () => {
    const { embeddings, labels } = gaussianClusters({ classes: 4, perClass: 30, dimensions: 256, spread: 0.5, seed: 11 });
    const { coordinates } = pca(embeddings);
    expect(centroidSeparation(coordinates, labels).nearestCentroidAccuracy).toBe(1);
    expect(centroidSeparation(coordinates, labels).separationRatio).toBeGreaterThan(2);
  });

  it('is deterministic and handles degenerate input', () => {
    const { embeddings } = gaussianClusters({ classes: 2, perClass: 10, dimensions: 32, spread: 1, seed: 2 });
    expect(pca(embeddings)).toEqual(pca(embeddings));
    expect(pca([])).toEqual({ coordinates: [], explainedVarianceRatio: [0, 0] });
    expect(pca([[1, 2, 3]]).coordinates).toEqual([[0, 0]]);
    expect(
      pca([
        [1, 2],
        [1, 2],
        [1, 2],
      ]).coordinates,
    ).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    // Two points: one axis carries everything, the other nothing.
    const two = pca([
      [0, 0, 0],
      [2, 0, 0],
    ]);
    expect(two.explainedVarianceRatio[0]).toBeCloseTo(1, 10);
    expect(Math.abs(two.coordinates[0][0])).toBeCloseTo(1, 10);
    expect(() => pca([[1, 2], [1]])).toThrow(/Row 1 has 1 values/);
  });
});

function mean(rows: number[][], column: number): number {
  return rows.reduce((sum, row) => sum + row[column], 0) / rows.length;
}
