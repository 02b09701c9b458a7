// Decoding and preprocessing one batch of encoded images, in whichever thread calls it: the
// decode worker (decode.worker.ts) when there is one, the ML worker otherwise. Free of tfjs.
import { decodeImageBytes } from '../lib/decode-image';
import { errorMessage } from '../lib/error-message';
import { rawPixelVector } from '../ml/decode-entry';
import { preprocessedValues, type PixelImage } from '../portable/preprocess-pixels.js';
import type { DecodedBatch } from './decode-protocol';
import type { ImageBytes } from '../protocol';

export async function decodeBatch(images: ImageBytes[], size: number): Promise<DecodedBatch> {
  const decoded = await Promise.all(
    images.map((image) =>
      decodeImageBytes(image.bytes, image.type).then(
        (pixels) => ({ id: image.id, pixels }),
        (error: unknown) => ({ id: image.id, error: errorMessage(error) }),
      ),
    ),
  );
  const readable = decoded.filter((d): d is { id: string; pixels: PixelImage } => 'pixels' in d);
  const pixels = readable.map((d) => d.pixels);
  return {
    ids: readable.map((d) => d.id),
    failures: decoded.filter((d): d is { id: string; error: string } => 'error' in d),
    values: pixels.length > 0 ? preprocessedValues(pixels, size) : new Float32Array(0),
    rawPixels: pixels.map((p) => rawPixelVector(p)),
  };
}
