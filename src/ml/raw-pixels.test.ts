import { describe, expect, it } from 'vitest';
import { centreCropBox, type PixelImage } from '../portable/preprocess-pixels.js';
import { rawPixelVector } from './raw-pixels';
import { createRng } from './rng';
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

  it('equals the per-pixel definition exactly, on odd sizes, wide and tall, larger and smaller than the grid', () => {
    const rng = createRng(7);
    for (const [width, height, size] of [
      [500, 375, 16],
      [333, 500, 16],
      [37, 23, 16],
      [7, 5, 16],
      [3, 3, 5],
      [224, 224, 16],
      [100, 61, 7],
    ]) {
      const data = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng() * 256);
      const image = { width, height, data };
      expect(Array.from(rawPixelVector(image, size)), `${width}x${height} into ${size}`).toEqual(
        Array.from(perPixelDefinition(image, size)),
      );
    }
  });
});

/** Each pixel of the centre square added to the cell floor(row * size / side), floor(column * size / side); empty cells copy the nearest filled one before them. */
function perPixelDefinition(image: PixelImage, size: number): Float32Array {
  const { x, y, size: side } = centreCropBox(image.width, image.height);
  const sums = new Float64Array(size * size * 3);
  const counts = new Uint32Array(size * size);
  for (let row = 0; row < side; row++) {
    for (let column = 0; column < side; column++) {
      const cell = Math.floor((row * size) / side) * size + Math.floor((column * size) / side);
      const source = ((y + row) * image.width + x + column) * 4;
      for (let c = 0; c < 3; c++) sums[cell * 3 + c] += image.data[source + c];
      counts[cell]++;
    }
  }
  const out = new Float32Array(size * size * 3);
  for (let cell = 0; cell < size * size; cell++) {
    let from = cell;
    while (from >= 0 && counts[from] === 0) from--;
    for (let c = 0; c < 3; c++) out[cell * 3 + c] = from < 0 ? 0 : sums[from * 3 + c] / counts[from] / 255;
  }
  return out;
}
