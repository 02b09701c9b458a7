import { centreCropBox, type PixelImage } from '../portable/preprocess-pixels.js';

/**
 * A tiny raw-pixel vector per image (the centre square averaged down to size x size RGB, in
 * [0, 1]), for the embedding map's "what raw pixels alone would give" side. Box averaging, not
 * point sampling, so every source pixel counts once and no aliasing pattern decides the result.
 */
export const RAW_PIXEL_SIZE = 16;

export function rawPixelVector(image: PixelImage, size = RAW_PIXEL_SIZE): Float32Array {
  if (!Number.isInteger(size) || size < 1) throw new Error(`size must be a positive integer, got ${size}.`);
  const { x, y, size: side } = centreCropBox(image.width, image.height);
  const sums = new Float64Array(size * size * 3);
  const counts = new Uint32Array(size * size);
  for (let row = 0; row < side; row++) {
    const cellRow = Math.min(size - 1, Math.floor((row * size) / side));
    let source = ((y + row) * image.width + x) * 4;
    for (let column = 0; column < side; column++) {
      const cell = cellRow * size + Math.min(size - 1, Math.floor((column * size) / side));
      sums[cell * 3] += image.data[source];
      sums[cell * 3 + 1] += image.data[source + 1];
      sums[cell * 3 + 2] += image.data[source + 2];
      counts[cell]++;
      source += 4;
    }
  }
  // A crop smaller than size x size leaves some cells empty: they copy the cell above or left.
  const out = new Float32Array(size * size * 3);
  for (let cell = 0; cell < size * size; cell++) {
    const from = counts[cell] > 0 ? cell : nearestFilled(counts, cell, size);
    for (let c = 0; c < 3; c++) out[cell * 3 + c] = from < 0 ? 0 : sums[from * 3 + c] / counts[from] / 255;
  }
  return out;
}

function nearestFilled(counts: Uint32Array, cell: number, size: number): number {
  const row = Math.floor(cell / size);
  const column = cell % size;
  for (let r = row; r >= 0; r--) for (let c = r === row ? column : size - 1; c >= 0; c--) if (counts[r * size + c] > 0) return r * size + c;
  return -1;
}
