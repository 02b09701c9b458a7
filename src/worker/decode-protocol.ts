// What the embedding pipeline asks of a decoder: a batch of encoded images in, the readable ones
// preprocessed into one [n, S, S, 3] block of values out, and a reason for each unreadable one.
import type { PortableFoldedTrunk } from '../ml';
import type { ImageBytes } from '../protocol';

/** What becomes of a batch of encoded images, however far it was taken. */
interface BatchOutcome {
  /** Ids of the readable images, in input order: row i of the batch's values is ids[i]. */
  ids: string[];
  failures: { id: string; error: string }[];
  /** The 16x16 RGB vector of each readable image (rawPixelVector), made while its pixels are at hand. */
  rawPixels: Float32Array[];
}

export interface DecodedBatch extends BatchOutcome {
  /** [ids.length, size, size, 3] preprocessed values (empty when none was readable). */
  values: Float32Array;
}

export interface BatchDecoder {
  decode(images: ImageBytes[], size: number): Promise<DecodedBatch>;
}

/** A batch decoded and embedded by the decode worker's own trunk. */
export interface SecondEmbedderBatch extends BatchOutcome {
  /** [ids.length, embeddingSize] row-major. */
  embeddings: Float32Array;
  /** The mirror view of each image, same layout; empty unless mirrors were asked for. */
  mirrors: Float32Array;
}

export interface DecodeWorkerApi {
  decodeBatch(images: ImageBytes[], size: number): Promise<DecodedBatch>;
  /**
   * Loads a copy of the ML worker's folded trunk on this worker's own wasm backend (replacing
   * any other), so that on a CPU with two or more cores both workers can embed at once.
   */
  loadTrunk(key: string, trunk: PortableFoldedTrunk): Promise<void>;
  /** Decodes `images` and embeds the readable ones (and, with `mirrors`, their mirror views) with the trunk loaded under `key`. */
  embedBatch(key: string, images: ImageBytes[], mirrors: boolean): Promise<SecondEmbedderBatch>;
}
