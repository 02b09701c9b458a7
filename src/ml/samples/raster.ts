// A tiny RGBA rasteriser for the generated sample projects: pure arithmetic on a pixel array, no
// DOM, so the same images come out on Node (unit tests, bench) and in the browser (the app).

export type Rgb = readonly [number, number, number];

/** An RGBA image, 4 bytes per pixel, row by row (the layout of ImageData). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function createImage(size: number): RgbaImage {
  if (!Number.isInteger(size) || size < 8 || size > 2048) throw new Error(`A sample image must be 8 to 2048 px wide, got ${size}.`);
  return { width: size, height: size, data: new Uint8ClampedArray(size * size * 4) };
}

/**
 * Fills every pixel with a blend of two colours, `a` where `weight(x, y)` is 0 and `b` where it
 * is 1 (x and y in [0, 1)). Two colours and a number per pixel, not a colour object per pixel:
 * allocating one made a 224 px picture cost 60-90 ms.
 */
export function paint(image: RgbaImage, a: Rgb, b: Rgb, weight: (x: number, y: number) => number): void {
  const { width, height, data } = image;
  for (let py = 0; py < height; py++) {
    const y = (py + 0.5) / height;
    for (let px = 0; px < width; px++) {
      const t = weight((px + 0.5) / width, y);
      const k = (py * width + px) * 4;
      data[k] = a[0] + (b[0] - a[0]) * t;
      data[k + 1] = a[1] + (b[1] - a[1]) * t;
      data[k + 2] = a[2] + (b[2] - a[2]) * t;
      data[k + 3] = 255;
    }
  }
}

/** Where a shape sits: centre and radius in [0, 1] image units, rotation in radians. */
export interface Placement {
  cx: number;
  cy: number;
  radius: number;
  angle: number;
}

/**
 * Paints `color` where `inside(u, v)` holds, u and v being the pixel's coordinates in the
 * shape's own frame ([-1, 1] across its bounding circle). Only the shape's bounding box is
 * visited, so a small shape costs little.
 */
export function stamp(image: RgbaImage, placement: Placement, inside: (u: number, v: number) => boolean, color: Rgb): void {
  const { width, height, data } = image;
  const cos = Math.cos(placement.angle);
  const sin = Math.sin(placement.angle);
  const x0 = Math.max(0, Math.floor((placement.cx - placement.radius) * width));
  const x1 = Math.min(width - 1, Math.ceil((placement.cx + placement.radius) * width));
  const y0 = Math.max(0, Math.floor((placement.cy - placement.radius) * height));
  const y1 = Math.min(height - 1, Math.ceil((placement.cy + placement.radius) * height));
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      const dx = ((px + 0.5) / width - placement.cx) / placement.radius;
      const dy = ((py + 0.5) / height - placement.cy) / placement.radius;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      if (!inside(u, v)) continue;
      const k = (py * width + px) * 4;
      data[k] = color[0];
      data[k + 1] = color[1];
      data[k + 2] = color[2];
      data[k + 3] = 255;
    }
  }
}

/** Adds uniform grey noise of ±amount to every pixel (sensor grain: no two pictures share a pixel value by chance). */
export function addNoise(image: RgbaImage, amount: number, rng: () => number): void {
  const { data } = image;
  for (let k = 0; k < data.length; k += 4) {
    const n = (rng() * 2 - 1) * amount;
    data[k] += n;
    data[k + 1] += n;
    data[k + 2] += n;
  }
}

/** A colour from hue (0-1), saturation and lightness (0-1). */
export function hsl(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}
