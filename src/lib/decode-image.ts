// Decodes encoded image bytes into RGBA pixels, in whichever thread calls it (the ML worker does).
// The work is done by src/portable/decode-pixels.js, which the standalone example in the export
// zip ships unchanged, so the example decodes a dropped file exactly as Try-it does. EXIF
// orientation is applied; large images are drawn down to a short side of 448 px first.
import { ImageDecodeError, MAX_DECODED_SHORT_SIDE, bitmapToPixels, decodePixels } from '../portable/decode-pixels.js';
import type { PixelImage } from '../portable/preprocess-pixels.js';
import { readImageSize, sniffImageFormat, type PixelSize } from './image-sniff';

/** JPEG frame headers follow the EXIF block, which is at most 64 KB (one APP1 segment). */
const HEADER_BYTES = 64 * 1024 + 1024;

export { ImageDecodeError, MAX_DECODED_SHORT_SIDE, bitmapToPixels };

/** `bytes`: the encoded file, as a buffer or as a Blob (decoded as it is, without a copy). */
/** `storedSize`: the size the header declares, when known: a very large photo is then decoded at a reduced size. */
export async function decodeImageBytes(
  bytes: ArrayBuffer | Blob,
  type: string,
  maxShortSide = MAX_DECODED_SHORT_SIDE,
  storedSize: PixelSize | null = null,
): Promise<PixelImage> {
  return decodePixels(bytes instanceof Blob ? bytes : new Blob([bytes], { type }), maxShortSide, storedSize);
}

/** The header's width and height (before decoding), from the first 64 KB; null when the header cannot tell. */
export async function readStoredSize(bytes: ArrayBuffer | Blob): Promise<PixelSize | null> {
  const head = new Uint8Array(bytes instanceof Blob ? await bytes.slice(0, HEADER_BYTES).arrayBuffer() : bytes.slice(0, HEADER_BYTES));
  const sniffed = sniffImageFormat(head);
  return sniffed.kind === 'image' ? readImageSize(head, sniffed.format) : null;
}
