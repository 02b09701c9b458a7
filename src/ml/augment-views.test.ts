import { describe, expect, it } from 'vitest';
import { VIEW_NAMES, centreBox, makeView, mirrorPixels, scaleBrightness } from './augment-views';
import type { PixelImage } from './preprocess';

/** A width x height RGBA image whose pixel (x, y) is [x, y, x + y, 255]. */
function ramp(width: number, height: number): PixelImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, x + y, 255], (y * width + x) * 4);
  return { width, height, data };
}
const pixel = (image: PixelImage, x: number, y: number) =>
  Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));

describe('augment-views', () => {
  it('mirrors left to right and mirroring twice gives the photo back', () => {
    const image = ramp(5, 3);
    const mirrored = mirrorPixels(image);
    expect(pixel(mirrored, 0, 1)).toEqual(pixel(image, 4, 1));
    expect(pixel(mirrored, 4, 2)).toEqual(pixel(image, 0, 2));
    expect(pixel(mirrored, 2, 0)).toEqual(pixel(image, 2, 0));
    expect(Array.from(mirrorPixels(mirrored).data)).toEqual(Array.from(image.data));
  });

  it('cuts the centred box of the given share', () => {
    const box = centreBox(ramp(10, 5), 0.8);
    expect([box.width, box.height]).toEqual([8, 4]);
    expect(pixel(box, 0, 0)).toEqual([1, 0, 1, 255]);
    expect(pixel(box, 7, 3)).toEqual([8, 3, 11, 255]);
    expect(() => centreBox(ramp(2, 2), 0)).toThrow(/share/);
  });

  it('brightens RGB, clamps at 255 and keeps alpha', () => {
    const image: PixelImage = { width: 2, height: 1, data: new Uint8ClampedArray([100, 200, 0, 77, 250, 10, 20, 255]) };
    expect(Array.from(scaleBrightness(image, 1.15).data)).toEqual([115, 230, 0, 77, 255, 12, 23, 255]);
  });

  it('makes every named view without touching the photo', () => {
    const image = ramp(6, 4);
    const before = Array.from(image.data);
    for (const view of VIEW_NAMES) expect(makeView(image, view).data.length).toBeGreaterThan(0);
    expect(makeView(image, 'centre')).toBe(image);
    expect(Array.from(image.data)).toEqual(before);
    expect([makeView(image, 'zoom-mirror').width, makeView(image, 'zoom-mirror').height]).toEqual([5, 3]);
  });
});
