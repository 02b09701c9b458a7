// Decoding and embedding images in batches. The next batch is being decoded and preprocessed
// while the trunk embeds the current one: in a second worker (decode.worker.ts) when one can be
// started, so the ML worker's thread does nothing but run the trunk, or else in this thread
// (createImageBitmap still decodes on the browser's own threads meanwhile).
import { transfer, wrap, type Remote } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../lib/error-message';
import { embedBatch, type TrunkRunner } from '../ml/embed';
import { decodeBatch } from './decode-batch';
import type { BatchDecoder, DecodedBatch, DecodeWorkerApi } from './decode-protocol';
import type { ImageBytes } from './protocol';

/** `rawPixels`: the 16x16 RGB vector of the decoded image, made while its pixels are at hand (the embedding map's raw-pixel side). */
export type EmbeddedImage = { id: string; embedding: Float32Array; rawPixels: Float32Array } | { id: string; error: string };

/** Decodes in the calling thread. */
export const inThreadDecoder: BatchDecoder = { decode: decodeBatch };

interface DecodeWorker {
  remote: Remote<DecodeWorkerApi>;
  /** Rejects when the worker reports an error (its script failed to load, it crashed). */
  failed: Promise<never>;
}

let decodeWorker: DecodeWorker | null | undefined;

/** The decode worker, started on first use; null where one cannot be started (the caller decodes in-thread). */
function startDecodeWorker(): DecodeWorker | null {
  if (decodeWorker !== undefined) return decodeWorker;
  try {
    if (typeof Worker === 'undefined') return (decodeWorker = null);
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'transfer-lab-decode' });
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => reject(new Error(event.message || 'the decode worker stopped')));
    });
    failed.catch(() => undefined);
    decodeWorker = { remote: wrap<DecodeWorkerApi>(worker), failed };
  } catch {
    decodeWorker = null;
  }
  return decodeWorker;
}

/** Decodes in the decode worker, falling back to this thread for good if that worker fails. */
export const workerDecoder: BatchDecoder = {
  async decode(images, size) {
    const worker = startDecodeWorker();
    if (worker) {
      // Copies go to the worker and the originals stay, so a failed worker can be replaced by
      // decoding here (a copy of a photo's bytes costs far less than decoding it).
      const copies = images.map((image) => ({ ...image, bytes: image.bytes.slice(0) }));
      try {
        return await Promise.race([worker.remote.decodeBatch(transfer(copies, copies.map((image) => image.bytes)), size), worker.failed]);
      } catch (error) {
        decodeWorker = null;
        console.warn(`The decode worker failed (${errorMessage(error)}); decoding in the ML worker from now on.`);
      }
    }
    return decodeBatch(images, size);
  },
};

/**
 * Embeds `images` in batches of `batchSize`; `onBatch(done)` is awaited after each batch with
 * the number of images handled so far (embedded or not decodable). Results come in input order.
 */
export async function embedImageBytes(
  runner: TrunkRunner,
  images: ImageBytes[],
  batchSize: number,
  onBatch: (done: number) => Promise<void>,
  decoder: BatchDecoder = workerDecoder,
): Promise<EmbeddedImage[]> {
  const batches: ImageBytes[][] = [];
  for (let start = 0; start < images.length; start += batchSize) batches.push(images.slice(start, start + batchSize));
  const decode = (batch: ImageBytes[]): Promise<DecodedBatch> => {
    const pending = decoder.decode(batch, runner.imageSize);
    pending.catch(() => undefined); // awaited below; an abandoned one must not be reported as unhandled
    return pending;
  };
  const results: EmbeddedImage[] = [];
  let next = batches.length > 0 ? decode(batches[0]) : null;
  for (let b = 0; b < batches.length; b++) {
    const decoded = await next!;
    next = b + 1 < batches.length ? decode(batches[b + 1]) : null;
    const embeddings = new Map<string, { embedding: Float32Array; rawPixels: Float32Array }>();
    if (decoded.ids.length > 0) {
      const size = runner.imageSize;
      const batch = tf.tensor4d(decoded.values, [decoded.ids.length, size, size, 3], 'float32');
      try {
        (await embedBatch(runner, batch)).forEach((embedding, i) => embeddings.set(decoded.ids[i], { embedding, rawPixels: decoded.rawPixels[i] }));
      } finally {
        batch.dispose();
      }
    }
    const failures = new Map(decoded.failures.map((f) => [f.id, f.error]));
    for (const image of batches[b]) {
      const embedded = embeddings.get(image.id);
      results.push(embedded ? { id: image.id, ...embedded } : { id: image.id, error: failures.get(image.id) ?? 'the image was not decoded' });
    }
    await onBatch(results.length);
  }
  return results;
}
