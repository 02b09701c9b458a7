// Everything the app checks about one incoming file, in one pass over its bytes: the format by
// its magic bytes, size limits, the SHA-256 used to spot duplicates, a real decode (which proves
// the browser can read it) and the thumbnail. Runs in the inspection worker so that a folder of
// phone photos, or one 8000x6000 image, never blocks the page.
import { sha256Hex } from './content-hash';
import { reducedDecodeWidth } from '../portable/decode-pixels.js';
import {
  IMAGE_FORMAT_MIME,
  IMAGE_FORMAT_NAME,
  looksTruncated,
  readImageSize,
  sniffImageFormat,
  type ImageFormat,
  type PixelSize,
} from './image-sniff';
import { drawThumbnail, THUMBNAIL_SIZE } from './thumbnail';

/** Larger files are refused before reading: no classroom photo is this big. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Larger images would need gigabytes to decode (100 MP x 4 bytes = 400 MB). */
export const MAX_PIXELS = 100_000_000;

export type InspectionProblem = 'empty' | 'unsupported' | 'too-large' | 'truncated' | 'corrupt';

export interface InspectedImage {
  ok: true;
  format: ImageFormat;
  /** The MIME type of the content (the browser-supplied one may be empty or wrong). */
  type: string;
  sha256: string;
  width: number;
  height: number;
  thumbnail: Blob;
}

export type ImageInspection = InspectedImage | { ok: false; problem: InspectionProblem; reason: string };

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Above 16 MP (a 12 MP phone photo stays under it) the inspection decodes at a reduced size. */
const REDUCED_DECODE_ABOVE_PIXELS = 16_000_000;

function tooManyPixels({ width, height }: PixelSize): ImageInspection {
  return {
    ok: false,
    problem: 'too-large',
    reason: `too large to decode safely (${width}x${height} pixels; the limit is ${MAX_PIXELS / 1e6} megapixels)`,
  };
}

/** The stored size turned the way the decoded bitmap is (EXIF orientation may swap the sides). */
function orientedSize(stored: PixelSize, bitmap: PixelSize): PixelSize {
  const sameTurn = stored.width >= stored.height === bitmap.width >= bitmap.height;
  return sameTurn ? stored : { width: stored.height, height: stored.width };
}

export async function inspectImage(file: Blob, thumbnailSize = THUMBNAIL_SIZE): Promise<ImageInspection> {
  if (file.size === 0) return { ok: false, problem: 'empty', reason: 'empty file (0 bytes)' };
  if (file.size > MAX_FILE_BYTES) {
    return {
      ok: false,
      problem: 'too-large',
      reason: `too big to add (${megabytes(file.size)}; the limit is ${megabytes(MAX_FILE_BYTES)})`,
    };
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, problem: 'corrupt', reason: 'could not be read (was it moved or deleted while being added?)' };
  }
  const sniffed = sniffImageFormat(bytes.subarray(0, 512), file.type);
  if (sniffed.kind === 'refused') return { ok: false, problem: 'unsupported', reason: sniffed.reason };
  const { format } = sniffed;
  const declared = readImageSize(bytes, format);
  if (declared && declared.width * declared.height > MAX_PIXELS) return tooManyPixels(declared);
  const type = IMAGE_FORMAT_MIME[format];
  const sha256 = await sha256Hex(bytes);
  // A photo over 16 MP is decoded straight to a short side of 4 thumbnails (the header gave its size).
  const resizeWidth =
    declared && declared.width * declared.height > REDUCED_DECODE_ABOVE_PIXELS
      ? reducedDecodeWidth(declared.width, declared.height, 4 * thumbnailSize)
      : null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(
      new Blob([bytes], { type }),
      resizeWidth ? { imageOrientation: 'from-image', resizeWidth, resizeQuality: 'high' } : { imageOrientation: 'from-image' },
    );
  } catch {
    if (looksTruncated(bytes, format)) {
      return {
        ok: false,
        problem: 'truncated',
        reason: `truncated ${IMAGE_FORMAT_NAME[format]}: the file ends before its image data does (an unfinished download or copy?)`,
      };
    }
    return { ok: false, problem: 'corrupt', reason: `corrupt ${IMAGE_FORMAT_NAME[format]}: the browser cannot decode it` };
  }
  try {
    if (bitmap.width === 0 || bitmap.height === 0) return { ok: false, problem: 'corrupt', reason: 'the image has no pixels' };
    // Where the header could not tell (or understated), the decoded size decides: nothing this large is kept.
    if (!resizeWidth && bitmap.width * bitmap.height > MAX_PIXELS) return tooManyPixels(bitmap);
    const thumbnail = await drawThumbnail(bitmap, thumbnailSize);
    const { width, height } = resizeWidth && declared ? orientedSize(declared, bitmap) : bitmap;
    return { ok: true, format, type, sha256, width, height, thumbnail };
  } finally {
    bitmap.close();
  }
}
