import * as tf from '@tensorflow/tfjs';
import {
  SCALE_DIVISOR,
  centreCropBox as portableCentreCropBox,
  preprocessPixels as portablePreprocessPixels,
  type PixelImage as PortablePixelImage,
} from '../portable/preprocess-pixels.js';

/**
 * The single image preprocessing used for training, prediction and export. Keeping one
 * function (and one description of it, PREPROCESSING, which ships in the exported metadata)
 * is what guarantees that a model sees at prediction time what it saw in training.
 *
 * The implementation lives in src/portable/preprocess-pixels.js, plain JavaScript that the
 * standalone example in the export zip ships unchanged: the example and the app classify with
 * the same code.
 */

/** Decoded pixels: RGBA, row-major, 4 bytes per pixel. */
export type PixelImage = PortablePixelImage;

export const PREPROCESSING = {
  imageSize: 224,
  crop: 'centre-square',
  resize: 'bilinear',
  scaling: { divide: 127.5, subtract: 1 },
  range: [-1, 1],
  channels: 'RGB',
} as const;

if (SCALE_DIVISOR !== PREPROCESSING.scaling.divide) {
  throw new Error('src/portable/preprocess-pixels.js and PREPROCESSING disagree on the scaling.');
}

/** The largest centred square; odd leftovers go to the right/bottom edge. */
export function centreCropBox(width: number, height: number): { x: number; y: number; size: number } {
  return portableCentreCropBox(width, height);
}

/**
 * RGBA -> RGB, centre square crop, bilinear resize to imageSize, then x / 127.5 - 1 into [-1, 1].
 * Returns a float32 [n, imageSize, imageSize, 3] tensor that the caller disposes.
 *
 * Resizing uses resizeBilinear with half-pixel centres rather than cropAndResize: half-pixel
 * sampling is what canvas drawImage, PIL and OpenCV do (and what Teachable Machine's canvas
 * crop gets), while cropAndResize aligns the corner pixels and shifts the image slightly. With
 * half-pixel centres, an image already at the target size passes through unchanged.
 */
export function preprocessPixels(images: PixelImage[], imageSize: number = PREPROCESSING.imageSize): tf.Tensor4D {
  return portablePreprocessPixels(tf, images, imageSize);
}
