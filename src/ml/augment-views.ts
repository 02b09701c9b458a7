import type { PixelImage } from './preprocess';

/**
 * Extra views of a training photo, made from its decoded RGBA pixels before the usual
 * preprocessing (centre crop, resize): each view is embedded like a photo of its own and trains
 * the head with the photo's label. Views never reach prediction or the export: a prediction
 * sees the photo itself, as the exported model does.
 */
export const VIEW_NAMES = ['centre', 'mirror', 'zoom', 'zoom-mirror', 'brighter'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** Side of the zoomed view's box, as a share of the photo's width and height. */
export const ZOOM_SHARE = 0.8;
/** Gain of the brighter view (RGB scaled, clamped to 255). */
export const BRIGHTER_GAIN = 1.15;

export function makeView(image: PixelImage, view: ViewName): PixelImage {
  switch (view) {
    case 'centre':
      return image;
    case 'mirror':
      return mirrorPixels(image);
    case 'zoom':
      return centreBox(image, ZOOM_SHARE);
    case 'zoom-mirror':
      return mirrorPixels(centreBox(image, ZOOM_SHARE));
    case 'brighter':
      return scaleBrightness(image, BRIGHTER_GAIN);
  }
}

/** The photo flipped left to right. */
export function mirrorPixels(image: PixelImage): PixelImage {
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(data.length);
  // Whole pixels as 32-bit words: one load and one store per pixel.
  const src = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const dst = new Uint32Array(out.buffer, 0, width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) dst[row + x] = src[row + width - 1 - x];
  }
  return { width, height, data: out };
}

/** The centred box of `share` times the width and the height (at least 1 pixel each way). */
export function centreBox(image: PixelImage, share: number): PixelImage {
  if (!(share > 0 && share <= 1)) throw new Error(`The box share must be in (0, 1], got ${share}.`);
  const { width, height, data } = image;
  const w = Math.max(1, Math.round(width * share));
  const h = Math.max(1, Math.round(height * share));
  const x0 = Math.floor((width - w) / 2);
  const y0 = Math.floor((height - h) / 2);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) out.set(data.subarray(((y0 + y) * width + x0) * 4, ((y0 + y) * width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, data: out };
}

/** RGB times `gain`, clamped to 0..255; alpha unchanged. */
export function scaleBrightness(image: PixelImage, gain: number): PixelImage {
  const { data } = image;
  const out = new Uint8ClampedArray(data.length);
  for (let i = 0; i < data.length; i += 4) {
    out[i] = data[i] * gain;
    out[i + 1] = data[i + 1] * gain;
    out[i + 2] = data[i + 2] * gain;
    out[i + 3] = data[i + 3];
  }
  return { ...image, data: out };
}
