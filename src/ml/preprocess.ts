import * as tf from '@tensorflow/tfjs';

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
 * Resizing uses resizeBilinear with half-pixel centres rather than cropAndResize: half-pixel
 * sampling is what canvas drawImage, PIL and OpenCV do (and what Teachable Machine's canvas
 * crop gets), while cropAndResize aligns the corner pixels and shifts the image slightly. With
 * half-pixel centres, an image already at the target size passes through unchanged.
 *
 * The crop is copied out in JS so the backend never holds the full-resolution RGBA frame.
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
  return tf.tidy(() => {
    const resized = images.map((image) => {
      const { size, rgb } = centreCropRgb(image);
      const cropped = tf.tensor4d(rgb, [1, size, size, 3], 'float32');
      return tf.image.resizeBilinear(cropped, [imageSize, imageSize], false, true);
    });
    const batch = resized.length === 1 ? resized[0] : tf.concat(resized, 0);
    const { divide, subtract } = PREPROCESSING.scaling;
    // Scaling after the resize is equivalent (the resize is an affine blend) and touches fewer values.
    return tf.sub(tf.div(batch, divide), subtract) as tf.Tensor4D;
  });
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

function centreCropRgb(image: PixelImage): { size: number; rgb: Float32Array } {
  const { x, y, size } = centreCropBox(image.width, image.height);
  const rgb = new Float32Array(size * size * 3);
  let out = 0;
  for (let row = 0; row < size; row++) {
    let source = ((y + row) * image.width + x) * 4;
    for (let column = 0; column < size; column++) {
      rgb[out++] = image.data[source];
      rgb[out++] = image.data[source + 1];
      rgb[out++] = image.data[source + 2];
      source += 4;
    }
  }
  return { size, rgb };
}
