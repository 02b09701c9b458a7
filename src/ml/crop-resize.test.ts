import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { centreCropBox, preprocessPixels, type PixelImage } from './preprocess';
import { createRng } from './rng';
import { randomImage } from './testing/pixels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The preprocessing spelled with tfjs kernels: crop, resizeBilinear with half-pixel centres, x / 127.5 - 1. */
function withTfKernels(image: PixelImage, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const box = centreCropBox(image.width, image.height);
    const rgba = tf.tensor3d(Float32Array.from(image.data), [image.height, image.width, 4]);
    const crop = tf.slice(rgba, [box.y, box.x, 0], [box.size, box.size, 3]);
    const resized = tf.image.resizeBilinear(tf.expandDims(crop, 0) as tf.Tensor4D, [size, size], false, true);
    return tf.sub(tf.div(resized, 127.5), 1) as tf.Tensor4D;
  });
}

describe('preprocessPixels (JS crop and resize)', () => {
  const rng = createRng(5);
  it.each([
    [300, 200, 224],
    [50, 90, 224],
    [224, 224, 224],
    [500, 375, 224],
    [7, 5, 3],
    [1, 1, 4],
  ])('a %ix%i image to %ipx equals tf.image.resizeBilinear(halfPixelCenters) within 1e-5', async (width, height, size) => {
    const image = randomImage(width, height, rng);
    const ours = preprocessPixels([image], size);
    const reference = withTfKernels(image, size);
    const [a, b] = [await ours.data(), await reference.data()];
    tf.dispose([ours, reference]);
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-5);
  });
});
