// Decodes encoded image bytes into RGBA pixels, in whichever thread calls it (the ML worker does).
// The work is done by src/portable/decode-pixels.js, which the standalone example in the export
// zip ships unchanged, so the example decodes a dropped file exactly as Try-it does. EXIF
// orientation is applied; large images are drawn down to a short side of 448 px first.
import { ImageDecodeError, MAX_DECODED_SHORT_SIDE, bitmapToPixels, decodePixels } from '../portable/decode-pixels.js';
import type { PixelImage } from '../portable/preprocess-pixels.js';

export { ImageDecodeError, MAX_DECODED_SHORT_SIDE, bitmapToPixels };

/** `bytes`: the encoded file, as a buffer or as a Blob (decoded as it is, without a copy). */
export async function decodeImageBytes(bytes: ArrayBuffer | Blob, type: string, maxShortSide = MAX_DECODED_SHORT_SIDE): Promise<PixelImage> {
  return decodePixels(bytes instanceof Blob ? bytes : new Blob([bytes], { type }), maxShortSide);
}
