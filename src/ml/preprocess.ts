import * as tf from '@tensorflow/tfjs';
import { writeCropResized } from './crop-resize';

/**
 * The single image preprocessing used for training, prediction and export. Keeping one
 * function (and one description of it, PREPROCESSING, which ships in the exported metadata)
 * is what guarantees that a model sees at prediction time what it saw in training.
 */

/** Decoded pixels: RGBA, row-major, 4 bytes per pixel. */
export interface PixelImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

export const PREPROCESSING = {
  imageSize: 224,
  crop: 'centre-square',
  resize: 'bilinear',
  scaling: { divide: 127.5, subtract: 1 },
  range: [-1, 1],
  channels: 'RGB',
} as const;

/** The largest centred square; odd leftovers go to the right/bottom edge. */
export function centreCropBox(width: number, height: number): { x: number; y: number; size: number } {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/**
 * RGBA -> RGB, centre square crop, bilinear resize to imageSize, then x / 127.5 - 1 into [-1, 1].
 * Returns a float32 [n, imageSize, imageSize, 3] tensor that the caller disposes.
 *
 * Resizing samples with half-pixel centres (tf.image.resizeBilinear with halfPixelCenters) rather
 * than cropAndResize: half-pixel sampling is what canvas drawImage, PIL and OpenCV do (and what
 * Teachable Machine's canvas crop gets), while cropAndResize aligns the corner pixels and shifts
 * the image slightly. With half-pixel centres, an image already at the target size passes
 * through unchanged.
 *
 * The whole batch is computed in JS (crop-resize.ts) and uploaded once, so the backend never
 * holds a full-resolution frame and runs no per-image kernels.
 */
export function preprocessPixels(
  images: PixelImage[],
  imageSize: number = PREPROCESSING.imageSize,
): tf.Tensor4D {
  if (images.length === 0) throw new Error('preprocessPixels needs at least one image.');
  if (!Number.isInteger(imageSize) || imageSize < 1) {
    throw new Error(`Image size must be a positive integer, got ${imageSize}.`);
  }
  images.forEach(assertValidPixelImage);
  const imageLength = imageSize * imageSize * 3;
  const batch = new Float32Array(images.length * imageLength);
  images.forEach((image, i) => {
    writeCropResized(image, centreCropBox(image.width, image.height), imageSize, PREPROCESSING.scaling, batch, i * imageLength);
  });
  return tf.tensor4d(batch, [images.length, imageSize, imageSize, 3], 'float32');
}

function assertValidPixelImage(image: PixelImage, index: number): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`Image ${index} has an invalid size ${width}x${height}.`);
  }
  const expected = width * height * 4;
  if (data.length !== expected) {
    throw new Error(
      `Image ${index} is ${width}x${height} so it needs ${expected} RGBA bytes, but has ${data.length}.`,
    );
  }
}
