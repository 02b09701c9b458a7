import type { PixelImage } from '../preprocess';

/** Generated RGBA images for tests. */

export function imageFromPixel(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): PixelImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  }
  return { width, height, data };
}

export function randomImage(width: number, height: number, rng: () => number): PixelImage {
  const channel = () => Math.floor(rng() * 256);
  return imageFromPixel(width, height, () => [channel(), channel(), channel(), 255]);
}
