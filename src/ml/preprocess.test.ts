import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTensors } from './memory';
import { PREPROCESSING, centreCropBox, preprocessPixels } from './preprocess';
import { imageFromPixel, randomImage } from './testing/pixels';
import { createRng } from './rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('centreCropBox', () => {
  it('takes the largest centred square', () => {
    expect(centreCropBox(4, 2)).toEqual({ x: 1, y: 0, size: 2 });
    expect(centreCropBox(3, 7)).toEqual({ x: 0, y: 2, size: 3 });
    expect(centreCropBox(5, 5)).toEqual({ x: 0, y: 0, size: 5 });
    // An odd leftover goes to the far edge.
    expect(centreCropBox(5, 2)).toEqual({ x: 1, y: 0, size: 2 });
  });
});

describe('PREPROCESSING', () => {
  it('describes 224px, centre crop, bilinear, x / 127.5 - 1', () => {
    expect(PREPROCESSING).toEqual({
      imageSize: 224,
      crop: 'centre-square',
      resize: 'bilinear',
      scaling: { divide: 127.5, subtract: 1 },
      range: [-1, 1],
      channels: 'RGB',
    });
  });
});

describe('preprocessPixels', () => {
  it('keeps the centre 2x2 of a 4x2 image, drops alpha and scales to [-1, 1]', async () => {
    // Columns 0 and 3 are outside the crop and would show up as 10 or 20 if they leaked in.
    const image = imageFromPixel(4, 2, (x, y) => {
      if (x === 0) return [10, 10, 10, 0];
      if (x === 3) return [20, 20, 20, 0];
      return x === 1 ? [0, 255, 0, 7] : [255, 0, y === 0 ? 255 : 0, 99];
    });
    const batch = preprocessPixels([image], 2);
    expect(batch.shape).toEqual([1, 2, 2, 3]);
    expect(batch.dtype).toBe('float32');
    expect(Array.from(await batch.data())).toEqual([
      -1, 1, -1, /* (1,0) */ 1, -1, 1 /* (2,0) */, -1, 1, -1, /* (1,1) */ 1, -1, -1 /* (2,1) */,
    ]);
    batch.dispose();
  });

  it('maps the midpoint 127.5 (reached by interpolation) to 0', async () => {
    const image = imageFromPixel(2, 2, (x) => (x === 0 ? [127, 127, 127, 255] : [128, 128, 128, 255]));
    const batch = preprocessPixels([image], 1);
    const values = Array.from(await batch.data());
    batch.dispose();
    values.forEach((value) => expect(value).toBeCloseTo(0, 6));
  });

  it('crops a non-square image to its centre square before resizing', async () => {
    // A 6x4 image: the centre 4x4 (x = 1..4) is grey 51, the outer columns are white.
    const image = imageFromPixel(6, 4, (x) => (x === 0 || x === 5 ? [255, 255, 255, 255] : [51, 51, 51, 255]));
    const batch = preprocessPixels([image], 3);
    const values = Array.from(await batch.data());
    batch.dispose();
    expect(values).toHaveLength(27);
    values.forEach((value) => expect(value).toBeCloseTo(51 / 127.5 - 1, 5));
  });

  it('stacks images of different sizes into one 224px batch by default', async () => {
    const rng = createRng(1);
    const batch = preprocessPixels([randomImage(300, 200, rng), randomImage(50, 90, rng)]);
    expect(batch.shape).toEqual([2, 224, 224, 3]);
    const values = await batch.data();
    batch.dispose();
    expect(values.every((value) => value >= -1 && value <= 1)).toBe(true);
  });

  it('rejects empty input and pixel data of the wrong length', () => {
    expect(() => preprocessPixels([])).toThrow(/at least one image/);
    const broken = { width: 3, height: 2, data: new Uint8ClampedArray(20) };
    expect(() => preprocessPixels([broken])).toThrow(/needs 24 RGBA bytes, but has 20/);
    expect(() => preprocessPixels([{ width: 0, height: 2, data: new Uint8Array(0) }])).toThrow(/invalid size/);
  });

  it('leaves no tensors behind', () => {
    const before = countTensors();
    const batch = preprocessPixels([randomImage(40, 30, createRng(2)), randomImage(30, 40, createRng(3))], 32);
    expect(countTensors()).toBe(before + 1);
    batch.dispose();
    expect(countTensors()).toBe(before);
    expect(() => preprocessPixels([{ width: 2, height: 2, data: new Uint8Array(3) }])).toThrow();
    expect(countTensors()).toBe(before);
  });
});
