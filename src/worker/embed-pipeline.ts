// Decoding and embedding images in batches, with the next batch decoding while the trunk runs on
// the current one: createImageBitmap decodes on the browser's own threads, so on a machine
// with a spare core the decode of batch b + 1 costs no time on the worker's.
import { decodeImageBytes } from '../lib/decode-image';
import { errorMessage } from '../lib/error-message';
import { embedBatch, type TrunkRunner } from '../ml/embed';
import { preprocessPixels, type PixelImage } from '../ml/preprocess';
import { rawPixelVector } from '../ml/raw-pixels';
import type { ImageBytes } from './protocol';

/** `rawPixels`: the 16x16 RGB vector of the decoded image, made while its pixels are at hand (the embedding map's raw-pixel side). */
export type EmbeddedImage = { id: string; embedding: Float32Array; rawPixels: Float32Array } | { id: string; error: string };

type Decoded = { id: string; pixels: PixelImage } | { id: string; error: string };

function decodeAll(images: ImageBytes[]): Promise<Decoded[]> {
  // Never rejects: a file that cannot be decoded is an outcome, not a failure of the batch.
  return Promise.all(
    images.map((image) =>
      decodeImageBytes(image.bytes, image.type).then(
        (pixels): Decoded => ({ id: image.id, pixels }),
        (error: unknown): Decoded => ({ id: image.id, error: errorMessage(error) }),
      ),
    ),
  );
}

/**
 * Embeds `images` in batches of `batchSize`; `onBatch(done)` is awaited after each batch with
 * the number of images handled so far (embedded or not decodable). Results come in input order.
 */
export async function embedImageBytes(
  runner: TrunkRunner,
  images: ImageBytes[],
  batchSize: number,
  onBatch: (done: number) => Promise<void>,
): Promise<EmbeddedImage[]> {
  const results: EmbeddedImage[] = [];
  const batches: ImageBytes[][] = [];
  for (let start = 0; start < images.length; start += batchSize) batches.push(images.slice(start, start + batchSize));
  let next = batches.length > 0 ? decodeAll(batches[0]) : null;
  for (let b = 0; b < batches.length; b++) {
    const decoded = await next!;
    next = b + 1 < batches.length ? decodeAll(batches[b + 1]) : null;
    const readable = decoded.filter((d): d is { id: string; pixels: PixelImage } => 'pixels' in d);
    const embeddings = new Map<string, Float32Array>();
    if (readable.length > 0) {
      const batch = preprocessPixels(readable.map((d) => d.pixels), runner.imageSize);
      try {
        (await embedBatch(runner, batch)).forEach((embedding, i) => embeddings.set(readable[i].id, embedding));
      } finally {
        batch.dispose();
      }
    }
    for (const d of decoded) results.push('pixels' in d ? { id: d.id, embedding: embeddings.get(d.id)!, rawPixels: rawPixelVector(d.pixels) } : d);
    await onBatch(results.length);
  }
  return results;
}
