// Decodes encoded image bytes into RGBA pixels, in whichever thread calls it (the ML worker does).
// EXIF orientation is applied by the browser's decoder ('from-image'). Images much larger than
// the trunk's input are drawn down first so a phone photo never becomes a 200 MB pixel buffer;
// the final crop and resize stay in `preprocessPixels`, the one preprocessing function.
import type { PixelImage } from '../ml/preprocess';

/** Short side kept after the first downscale: 2x the trunk input keeps bilinear resizing alias-free. */
export const MAX_DECODED_SHORT_SIDE = 448;

export class ImageDecodeError extends Error {}

export async function decodeImageBytes(bytes: ArrayBuffer, type: string, maxShortSide = MAX_DECODED_SHORT_SIDE): Promise<PixelImage> {
  if (bytes.byteLength === 0) throw new ImageDecodeError('the file is empty (0 bytes)');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type }), { imageOrientation: 'from-image' });
  } catch {
    throw new ImageDecodeError('the browser cannot decode it: the file is corrupt, truncated or not an image');
  }
  try {
    return bitmapToPixels(bitmap, maxShortSide);
  } finally {
    bitmap.close();
  }
}

/** Reads a bitmap's RGBA pixels, drawn down so its short side is at most `maxShortSide`. The caller closes the bitmap. */
export function bitmapToPixels(bitmap: ImageBitmap, maxShortSide = MAX_DECODED_SHORT_SIDE): PixelImage {
  const { width, height } = bitmap;
  if (width === 0 || height === 0) throw new ImageDecodeError('the image has no pixels');
  const scale = Math.min(1, maxShortSide / Math.min(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageDecodeError('no 2D canvas is available to read pixels');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, w, h);
  const { data } = context.getImageData(0, 0, w, h);
  return { width: w, height: h, data };
}
