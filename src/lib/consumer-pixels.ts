// The canvas half of other tools' preprocessing (the tensor half is src/ml/consumer-preprocessing.ts).
// Used only to measure how those tools' preprocessing changes a model's probabilities.
import type { PixelImage } from '../portable/preprocess-pixels.js';

/**
 * @teachablemachine/image 0.8's `cropTo(image, size)` on an <img>: scale so the short side is
 * `size` (rounded up), draw centred on a size x size canvas with the default smoothing, read it
 * back. Page only (it needs an <img>): Chromium draws a downscaled <img> differently from an
 * ImageBitmap of the same file (measured: most pixels differ, by up to 87 levels), so only an
 * <img> reproduces what Teachable Machine's library computes.
 */
export async function teachableMachineCanvasPixels(file: Blob, size: number): Promise<PixelImage> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    try {
      await image.decode();
    } catch {
      throw new Error('the browser cannot decode it: the file is corrupt, truncated or not an image');
    }
    const { naturalWidth: width, naturalHeight: height } = image;
    const scale = size / Math.min(width, height);
    const scaledWidth = Math.ceil(width * scale);
    const scaledHeight = Math.ceil(height * scale);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas is available');
    // `~~(d / 2) * -1` in the original: truncation towards zero.
    context.drawImage(image, -Math.trunc((scaledWidth - size) / 2), -Math.trunc((scaledHeight - size) / 2), scaledWidth, scaledHeight);
    const { data } = context.getImageData(0, 0, size, size);
    return { width: size, height: size, data };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The image at its full decoded size, as tf.browser.fromPixels(imageElement) reads it (ml5
 * does). A full-size draw gives the same pixels from an ImageBitmap as from an <img>, so this
 * runs in the worker.
 */
export async function fullResolutionPixels(bytes: ArrayBuffer, type: string): Promise<PixelImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type }), { imageOrientation: 'from-image' });
  } catch {
    throw new Error('the browser cannot decode it: the file is corrupt, truncated or not an image');
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas is available');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, data };
  } finally {
    bitmap.close();
  }
}
