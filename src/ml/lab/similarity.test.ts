import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { measureSimilarity, nearestCentroidProbe, thumbnail } from './similarity';

/** Points around one centre per class, spread by `noise`. */
function clusters(
  classes: number,
  perClass: number,
  size: number,
  noise: number,
  seed: number,
): { rows: Float32Array[]; labels: number[] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Float32Array.from({ length: size }, () => rng() * 2 - 1));
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      rows.push(centres[c].map((v) => v + (rng() * 2 - 1) * noise));
      labels.push(c);
    }
  }
  return { rows, labels };
}

describe('the nearest-centroid probe', () => {
  it('separates tight clusters perfectly and pure noise at about chance', () => {
    const tight = clusters(3, 10, 20, 0.05, 1);
    expect(nearestCentroidProbe(tight.rows, tight.labels)).toEqual({ accuracy: 1, mistakes: 0, images: 30, kappa: 1 });
    const noise = clusters(4, 25, 20, 0, 2);
    const shuffled = noise.labels.map((_, i) => (i * 7) % 4);
    const result = nearestCentroidProbe(
      noise.rows.map((_, i) => Float32Array.from({ length: 20 }, (__, k) => Math.sin(i * 13 + k * 3))),
      shuffled,
    );
    expect(result.accuracy).toBeLessThan(0.5);
  });

  it('leaves each example out of its own class mean', () => {
    // Two examples per class, far apart within the class: with itself included each would sit
    // nearer its own class mean; left out, it sits nearer the other class.
    const rows = [
      [1, 0],
      [-1, 0.1],
      [0.9, 0.2],
      [-0.9, 0.3],
    ].map((r) => Float32Array.from(r));
    expect(nearestCentroidProbe(rows, [0, 0, 1, 1]).accuracy).toBe(0);
  });

  it('rejects a single class and mismatched lengths', () => {
    expect(() => nearestCentroidProbe([new Float32Array(2), new Float32Array(2)], [0, 0])).toThrow(/two classes/);
    expect(() => nearestCentroidProbe([new Float32Array(2)], [0, 1])).toThrow(/labels/);
  });
});

describe('the similarity score', () => {
  it('is high when features separate the classes and pixels do not, and zero when pixels already do', () => {
    const features = clusters(3, 10, 16, 0.1, 3);
    const pixels = { rows: features.rows.map((_, i) => Float32Array.from({ length: 12 }, (__, k) => Math.cos(i * 17 + k))) };
    const high = measureSimilarity(features.rows, pixels.rows, features.labels);
    expect(high.trunkProbe.accuracy).toBe(1);
    expect(high.similarity).toBeGreaterThan(0.8);
    const low = measureSimilarity(features.rows, features.rows, features.labels);
    expect(low.similarity).toBe(0);
  });

  it("is the share of the pixels' mistakes the features avoid, with smoothed error rates", () => {
    // 10 images in two classes; the pixel probe gets the odd ones wrong, the features are perfect.
    const labels = Array.from({ length: 10 }, (_, i) => (i < 5 ? 0 : 1));
    const perfect = labels.map((l) => Float32Array.from([l === 0 ? 1 : -1, 0.01 * Math.random()]));
    const good = measureSimilarity(perfect, perfect, labels);
    expect(good.similarity).toBe(0);
    const scrambled = labels.map((_, i) => Float32Array.from([Math.sin(i * 2.1), Math.cos(i * 1.3)]));
    const measured = measureSimilarity(perfect, scrambled, labels);
    const pixelError = (measured.pixelProbe.mistakes + 1) / 12;
    expect(measured.similarity).toBeCloseTo(1 - 1 / 12 / pixelError, 10);
  });

  it('pools a thumbnail by averaging blocks', () => {
    const size = 4;
    const pixels = new Float32Array(size * size * 3);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pixels[(y * size + x) * 3] = x < 2 ? 1 : -1;
    const small = thumbnail(pixels, size, 2);
    expect(Array.from(small)).toEqual([1, 0, 0, -1, 0, 0, 1, 0, 0, -1, 0, 0]);
    expect(() => thumbnail(pixels, size, 3)).toThrow(/evenly/);
  });
});
