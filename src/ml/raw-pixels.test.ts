import { describe, expect, it } from 'vitest';
import { rawPixelVector } from './raw-pixels';
import { imageFromPixel } from './testing/pixels';

describe('rawPixelVector', () => {
  it('averages the centre square down to size x size RGB in [0, 1]', () => {
    // 48x32: the centre square is x in [8, 40); left half red, right half blue inside it; the margins are green.
    const image = imageFromPixel(48, 32, (x) => (x < 8 || x >= 40 ? [0, 255, 0, 255] : x < 24 ? [255, 0, 0, 255] : [0, 0, 255, 255]));
    const vector = rawPixelVector(image, 4);
    expect(vector).toHaveLength(4 * 4 * 3);
    const cell = (row: number, column: number) => Array.from(vector.slice((row * 4 + column) * 3, (row * 4 + column) * 3 + 3));
    expect(cell(0, 0)).toEqual([1, 0, 0]);
    expect(cell(3, 1)).toEqual([1, 0, 0]);
    expect(cell(2, 2)).toEqual([0, 0, 1]);
    expect(cell(1, 3)).toEqual([0, 0, 1]);
  });

  it('averages mixed cells and fills cells a tiny crop cannot cover', () => {
    const stripes = imageFromPixel(4, 4, (x) => (x % 2 === 0 ? [255, 255, 255, 255] : [0, 0, 0, 255]));
    expect(Array.from(rawPixelVector(stripes, 2))).toEqual(new Array(12).fill(0.5));
    const tiny = imageFromPixel(2, 2, (x, y) => (x === 0 && y === 0 ? [255, 0, 0, 255] : [0, 0, 0, 255]));
    const vector = rawPixelVector(tiny, 4);
    expect(vector).toHaveLength(48);
    expect(vector.every(Number.isFinite)).toBe(true);
    expect(Array.from(vector.slice(0, 3))).toEqual([1, 0, 0]);
  });
});
