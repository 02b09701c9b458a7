// Turns an image file (or a video frame) into RGBA pixels the way Transfer Lab does, in a page or
// in a worker. Shared unchanged by the app's ML worker and the standalone example in the export
// zip. EXIF orientation is applied by the browser's decoder; anything much larger than the model
// input is drawn down first (short side MAX_DECODED_SHORT_SIDE) so a phone photo never becomes a
// 200 MB pixel buffer. The crop and the final resize happen in preprocess-pixels.js.

/** 2x the 224 px model input keeps the final bilinear resize alias-free. */
export const MAX_DECODED_SHORT_SIDE = 448;

export class ImageDecodeError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

/**
 * The createImageBitmap width that decodes a width x height image (as stored, before EXIF
 * orientation) straight to a short side of about `shortSide` px, or null when it is not clearly
 * larger. Only a width is given, so the aspect ratio holds whichever way EXIF turns the photo;
 * the condition shortSide * long < short^2 keeps that width under the real one in both turns.
 */
export function reducedDecodeWidth(width, height, shortSide) {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  if (!(short > 0) || shortSide * long >= short * short) return null;
  return Math.ceil((shortSide * long) / short);
}

/**
 * source: a Blob/File (decoded with EXIF orientation) or anything createImageBitmap takes (a playing <video>).
 * storedSize (optional, the size its header declares): a photo much larger than needed is then
 * decoded straight to twice the short side (createImageBitmap resizeWidth), so the browser never
 * hands back its full-size bitmap; without it (the exported example) every image decodes as before.
 */
export async function decodePixels(source, maxShortSide = MAX_DECODED_SHORT_SIDE, storedSize = null) {
  if (source instanceof Blob && source.size === 0) throw new ImageDecodeError('the file is empty (0 bytes)');
  let bitmap;
  try {
    const resizeWidth = storedSize && source instanceof Blob ? reducedDecodeWidth(storedSize.width, storedSize.height, 2 * maxShortSide) : null;
    const options = resizeWidth ? { imageOrientation: 'from-image', resizeWidth, resizeQuality: 'high' } : { imageOrientation: 'from-image' };
    bitmap = source instanceof Blob ? await createImageBitmap(source, options) : await createImageBitmap(source);
  } catch {
    throw new ImageDecodeError('the browser cannot decode it: the file is corrupt, truncated or not an image');
  }
  try {
    return bitmapToPixels(bitmap, maxShortSide);
  } finally {
    bitmap.close();
  }
}

let reusable = null;

/**
 * One software canvas per thread: making a canvas and its 2D context for every image cost more
 * than drawing and reading the image. It grows to the largest size asked for and is drawn into
 * from its top-left corner, since resizing it (a new backing store, for each photo of another
 * size) cost as much again; it shrinks only when it is over four times the area needed.
 */
function drawingContext(width, height) {
  if (!reusable) {
    const canvas = new OffscreenCanvas(width, height);
    // willReadFrequently keeps the canvas in software, so a GPU cannot change the pixels.
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageDecodeError('no 2D canvas is available to read pixels');
    reusable = { canvas, context };
    return context;
  }
  const { canvas, context } = reusable;
  const fits = canvas.width >= width && canvas.height >= height;
  const oversized = canvas.width * canvas.height > 4 * width * height;
  if (!fits || oversized) {
    canvas.width = oversized ? width : Math.max(width, canvas.width);
    canvas.height = oversized ? height : Math.max(height, canvas.height);
  } else {
    // An image with transparency must not show the previous one through it.
    context.clearRect(0, 0, width, height);
  }
  return context;
}

/** Reads a bitmap's RGBA pixels, drawn down so its short side is at most maxShortSide. The caller closes the bitmap. */
export function bitmapToPixels(bitmap, maxShortSide = MAX_DECODED_SHORT_SIDE) {
  const { width, height } = bitmap;
  if (width === 0 || height === 0) throw new ImageDecodeError('the image has no pixels');
  const scale = Math.min(1, maxShortSide / Math.min(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const context = drawingContext(w, h);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, w, h);
  const { data } = context.getImageData(0, 0, w, h);
  return { width: w, height: h, data };
}
