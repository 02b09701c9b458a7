import type { PixelImage } from './preprocess';

/**
 * Centre-square crop, bilinear resize and scaling of one RGBA image, in plain JS, written
 * straight into a batch buffer. It computes what tf.image.resizeBilinear(crop, [S, S],
 * alignCorners = false, halfPixelCenters = true) followed by x / divide - subtract computes
 * (the same sampling formula as tfjs' kernels), without a tensor per image: on the wasm backend
 * the per-image upload, resize, concat and two scaling passes cost as much as the trunk itself.
 */

export interface CropBox {
  x: number;
  y: number;
  size: number;
}

/** Source index pairs and blend weight for each output coordinate (TF's half-pixel sampling). */
function samplingAxis(cropSize: number, outSize: number): { low: Int32Array; high: Int32Array; fraction: Float64Array } {
  const ratio = cropSize / outSize;
  const low = new Int32Array(outSize);
  const high = new Int32Array(outSize);
  const fraction = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const source = ratio * (o + 0.5) - 0.5;
    const floor = Math.max(0, Math.floor(source));
    low[o] = floor;
    high[o] = Math.min(cropSize - 1, Math.ceil(source));
    fraction[o] = source - floor;
  }
  return { low, high, fraction };
}

/**
 * Writes the [outSize, outSize, 3] preprocessed image into `out` at `offset`:
 * RGB of the `box` crop of `image`, resized bilinearly, each value v stored as v / divide - subtract.
 */
export function writeCropResized(
  image: PixelImage,
  box: CropBox,
  outSize: number,
  scaling: { divide: number; subtract: number },
  out: Float32Array,
  offset: number,
): void {
  const { data, width } = image;
  const inverse = 1 / scaling.divide;
  if (box.size === outSize) {
    // Same size: half-pixel sampling lands on the pixels themselves; only copy and scale.
    let at = offset;
    for (let y = 0; y < outSize; y++) {
      let source = ((box.y + y) * width + box.x) * 4;
      for (let x = 0; x < outSize; x++, source += 4) {
        out[at++] = data[source] * inverse - scaling.subtract;
        out[at++] = data[source + 1] * inverse - scaling.subtract;
        out[at++] = data[source + 2] * inverse - scaling.subtract;
      }
    }
    return;
  }
  const rows = samplingAxis(box.size, outSize);
  const columns = samplingAxis(box.size, outSize);
  const left = new Int32Array(outSize);
  const right = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    left[o] = (box.x + columns.low[o]) * 4;
    right[o] = (box.x + columns.high[o]) * 4;
  }
  let at = offset;
  for (let oy = 0; oy < outSize; oy++) {
    const top = (box.y + rows.low[oy]) * width * 4;
    const bottom = (box.y + rows.high[oy]) * width * 4;
    const fy = rows.fraction[oy];
    for (let ox = 0; ox < outSize; ox++) {
      const fx = columns.fraction[ox];
      const a = top + left[ox];
      const b = top + right[ox];
      const c = bottom + left[ox];
      const d = bottom + right[ox];
      for (let channel = 0; channel < 3; channel++) {
        const topValue = data[a + channel] + (data[b + channel] - data[a + channel]) * fx;
        const bottomValue = data[c + channel] + (data[d + channel] - data[c + channel]) * fx;
        out[at++] = (topValue + (bottomValue - topValue) * fy) * inverse - scaling.subtract;
      }
    }
  }
}
