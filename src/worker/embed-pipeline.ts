// Decoding and embedding images in batches, two ways:
//  - one trunk: the next batch is decoded and preprocessed (in the decode worker, or else in this
//    thread) while the trunk embeds the current one;
//  - two trunks (a CPU backend on two or more cores): this thread and the decode worker each take
//    the next unclaimed batch, decode it and embed it, until none is left. A wasm trunk uses one
//    core; this uses two.
import * as tf from '@tensorflow/tfjs';
import { embedBatch, embedBatchWithMirrors, type TrunkRunner } from '../ml';
import { inThreadDecoder, workerDecoder, type SecondEmbedder } from './decode-worker-client';
import type { BatchDecoder, DecodedBatch, SecondEmbedderBatch } from './decode-protocol';
import type { ImageBytes } from '../protocol';

export { inThreadDecoder, workerDecoder } from './decode-worker-client';

/**
 * `rawPixels`: the 16x16 RGB vector of the decoded image, made while its pixels are at hand (the
 * embedding map's raw-pixel side). `mirror`: the embedding of its mirror view, when asked for.
 */
export type EmbeddedImage =
  | { id: string; embedding: Float32Array; mirror: Float32Array | null; rawPixels: Float32Array }
  | { id: string; error: string };

type Embedded = { embedding: Float32Array; mirror: Float32Array | null; rawPixels: Float32Array };

/** One outcome per image of `batch`, in its order: embedded, or why not. */
function outcomes(batch: ImageBytes[], embedded: Map<string, Embedded>, failures: { id: string; error: string }[]): EmbeddedImage[] {
  const reasons = new Map(failures.map((f) => [f.id, f.error]));
  return batch.map((image) => {
    const found = embedded.get(image.id);
    return found ? { id: image.id, ...found } : { id: image.id, error: reasons.get(image.id) ?? 'the image was not decoded' };
  });
}

async function embedDecoded(runner: TrunkRunner, batch: ImageBytes[], decoded: DecodedBatch, mirrors: boolean): Promise<EmbeddedImage[]> {
  const embedded = new Map<string, Embedded>();
  if (decoded.ids.length > 0) {
    const size = runner.imageSize;
    const input = tf.tensor4d(decoded.values, [decoded.ids.length, size, size, 3], 'float32');
    try {
      const views = mirrors ? await embedBatchWithMirrors(runner, input) : { embeddings: await embedBatch(runner, input), mirrors: null };
      views.embeddings.forEach((embedding, i) =>
        embedded.set(decoded.ids[i], { embedding, mirror: views.mirrors?.[i] ?? null, rawPixels: decoded.rawPixels[i] }),
      );
    } finally {
      input.dispose();
    }
  }
  return outcomes(batch, embedded, decoded.failures);
}

function fromSecondEmbedder(batch: ImageBytes[], result: SecondEmbedderBatch): EmbeddedImage[] {
  const width = result.ids.length > 0 ? result.embeddings.length / result.ids.length : 0;
  const row = (values: Float32Array, i: number) => values.slice(i * width, (i + 1) * width);
  const embedded = new Map<string, Embedded>(
    result.ids.map((id, i) => [
      id,
      {
        embedding: row(result.embeddings, i),
        mirror: result.mirrors.length > 0 ? row(result.mirrors, i) : null,
        rawPixels: result.rawPixels[i],
      },
    ]),
  );
  return outcomes(batch, embedded, result.failures);
}

/**
 * Embeds `images` in batches of `batchSize`; `onBatch(done)` is awaited after each batch with
 * the number of images handled so far (embedded or not decodable). Results come in input order.
 * With `second`, batches are shared with that embedder as soon as it is ready. With `mirrors`,
 * each image's mirror view is embedded in the same trunk pass (mirror-views.ts).
 */
export async function embedImageBytes(
  runner: TrunkRunner,
  images: ImageBytes[],
  batchSize: number,
  onBatch: (done: number) => Promise<void>,
  decoder: BatchDecoder = workerDecoder,
  second: SecondEmbedder | null = null,
  mirrors = false,
): Promise<EmbeddedImage[]> {
  const batches: ImageBytes[][] = [];
  for (let start = 0; start < images.length; start += batchSize) batches.push(images.slice(start, start + batchSize));
  const shared = second && batches.length > 1 ? second : null;
  // Sharing, this thread decodes its own batches: the decode worker is busy embedding.
  const ownDecoder = shared && decoder === workerDecoder ? inThreadDecoder : decoder;
  return (await embedBatches(runner, batches, onBatch, ownDecoder, shared, mirrors)).flat();
}

/** Batches in input order. Alone (`second` null), this thread works through them one after another. */
async function embedBatches(
  runner: TrunkRunner,
  batches: ImageBytes[][],
  onBatch: (done: number) => Promise<void>,
  decoder: BatchDecoder,
  second: SecondEmbedder | null,
  mirrors: boolean,
): Promise<EmbeddedImage[][]> {
  const results: EmbeddedImage[][] = new Array(batches.length);
  let unclaimed = 0;
  const returned: number[] = []; // batches the second embedder failed on
  let done = 0;
  const finish = async (b: number, result: EmbeddedImage[]) => {
    results[b] = result;
    done += batches[b].length;
    await onBatch(done);
  };
  const claim = (): number => (returned.length > 0 ? returned.shift()! : unclaimed < batches.length ? unclaimed++ : -1);
  const decode = (b: number): Promise<DecodedBatch> => {
    const pending = decoder.decode(batches[b], runner.imageSize);
    pending.catch(() => undefined); // awaited below; an abandoned one must not be reported as unhandled
    return pending;
  };
  // This thread claims its next batch before running the trunk on the current one, so the
  // browser decodes that batch's files meanwhile.
  const here = async () => {
    let b = claim();
    let decoding = b >= 0 ? decode(b) : null;
    while (b >= 0) {
      const decoded = await decoding!;
      const next = claim();
      decoding = next >= 0 ? decode(next) : null;
      await finish(b, await embedDecoded(runner, batches[b], decoded, mirrors));
      b = next;
    }
  };
  // The second embedder gets its next batch before it has finished the current one, so its
  // decoding of one overlaps its trunk on the other; a batch it fails on comes back here.
  const there = async () => {
    if (!second) return;
    try {
      await second.ready;
    } catch {
      return;
    }
    const send = (b: number): Promise<SecondEmbedderBatch> => {
      const pending = second.embed(batches[b], mirrors);
      pending.catch(() => undefined); // awaited below
      return pending;
    };
    const claimUnclaimed = (): number => (unclaimed < batches.length ? unclaimed++ : -1);
    let b = claimUnclaimed();
    let sending = b >= 0 ? send(b) : null;
    while (b >= 0) {
      const next = claimUnclaimed();
      const nextSending = next >= 0 ? send(next) : null;
      let result: SecondEmbedderBatch;
      try {
        result = await sending!;
      } catch {
        returned.push(b, ...(next >= 0 ? [next] : []));
        return;
      }
      await finish(b, fromSecondEmbedder(batches[b], result));
      b = next;
      sending = nextSending;
    }
  };
  await Promise.all([here(), there()]);
  await here(); // a batch returned after this thread ran out of work
  return results;
}
