// Decoding and preprocessing one batch of encoded images, in whichever thread calls it: the
// decode worker (decode.worker.ts) when there is one, the ML worker otherwise. Free of tfjs.
// Decode memory is bounded: images are decoded a few at a time within a pixel budget (a batch of
// 16 phone photos decoded at once held ~770 MB of bitmaps), and a photo far larger than the model
// needs is decoded straight to a reduced size where its header tells its size.
import { decodeImageBytes, readStoredSize } from '../lib/decode-image';
import { errorMessage } from '../lib/error-message';
import { rawPixelVector } from '../ml/decode-entry';
import { preprocessedValues, type PixelImage } from '../portable/preprocess-pixels.js';
import type { DecodedBatch } from './decode-protocol';
import type { ImageBytes } from '../protocol';

/**
 * Full-size pixels in flight at once: 48 MP (~190 MB of RGBA) lets 16 small photos (0.3 MP) go
 * together as before, but only four 12 MP phone photos, and one larger photo at a time.
 */
export const DECODE_PIXEL_BUDGET = 48_000_000;
/** A photo whose size the header cannot tell counts as this many pixels (a 12 MP phone photo). */
const UNKNOWN_SIZE_PIXELS = 12_000_000;

type Decoded = { id: string; pixels: PixelImage } | { id: string; error: string };

export async function decodeBatch(images: ImageBytes[], size: number): Promise<DecodedBatch> {
  const sizes = await Promise.all(images.map((image) => readStoredSize(image.bytes).catch(() => null)));
  const decoded: Decoded[] = new Array(images.length);
  let next = 0;
  while (next < images.length) {
    // The next group: at least one image, then as many as fit in the budget.
    const group: number[] = [];
    let pixels = 0;
    for (; next < images.length; next++) {
      const stored = sizes[next];
      const cost = stored ? Math.min(stored.width * stored.height, UNKNOWN_SIZE_PIXELS * 4) : UNKNOWN_SIZE_PIXELS;
      if (group.length > 0 && pixels + cost > DECODE_PIXEL_BUDGET) break;
      group.push(next);
      pixels += cost;
    }
    await Promise.all(
      group.map((i) =>
        decodeImageBytes(images[i].bytes, images[i].type, undefined, sizes[i]).then(
          (pixelImage) => void (decoded[i] = { id: images[i].id, pixels: pixelImage }),
          (error: unknown) => void (decoded[i] = { id: images[i].id, error: errorMessage(error) }),
        ),
      ),
    );
  }
  const readable = decoded.filter((d): d is { id: string; pixels: PixelImage } => 'pixels' in d);
  const pixels = readable.map((d) => d.pixels);
  return {
    ids: readable.map((d) => d.id),
    failures: decoded.filter((d): d is { id: string; error: string } => 'error' in d),
    values: pixels.length > 0 ? preprocessedValues(pixels, size) : new Float32Array(0),
    rawPixels: pixels.map((p) => rawPixelVector(p)),
  };
}
