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
  const { data, width } = image;
  // Source column c (and row r) belongs to cell floor(c * size / side): each cell is a run of
  // whole columns, so a row is summed run by run, with no division per pixel (this runs for
  // every image embedded, on full decoded photos).
  const firstColumn = new Int32Array(size + 1).fill(side);
  for (let column = side - 1; column >= 0; column--) firstColumn[Math.floor((column * size) / side)] = column;
  for (let cell = size - 1; cell >= 0; cell--) firstColumn[cell] = Math.min(firstColumn[cell], firstColumn[cell + 1]);
  // Integer sums are exact: a cell holds at most side^2 pixels of at most 255.
  const sums = new Float64Array(size * size * 3);
  const counts = new Uint32Array(size * size);
  for (let row = 0; row < side; row++) {
    const rowCells = Math.floor((row * size) / side) * size;
    const rowStart = ((y + row) * width + x) * 4;
    for (let cellColumn = 0; cellColumn < size; cellColumn++) {
      const from = firstColumn[cellColumn];
      const to = firstColumn[cellColumn + 1];
      if (from === to) continue;
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let source = rowStart + from * 4, end = rowStart + to * 4; source < end; source += 4) {
        red += data[source];
        green += data[source + 1];
        blue += data[source + 2];
      }
      const cell = rowCells + cellColumn;
      sums[cell * 3] += red;
      sums[cell * 3 + 1] += green;
      sums[cell * 3 + 2] += blue;
      counts[cell] += to - from;
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
