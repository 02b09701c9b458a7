// What the embedding pipeline asks of a decoder: a batch of encoded images in, the readable ones
// preprocessed into one [n, S, S, 3] block of values out, and a reason for each unreadable one.
import type { ImageBytes } from './protocol';

export interface DecodedBatch {
  /** Ids of the readable images, in input order: row i of `values` is ids[i]. */
  ids: string[];
  failures: { id: string; error: string }[];
  /** [ids.length, size, size, 3] preprocessed values (empty when none was readable). */
  values: Float32Array;
  /** The 16x16 RGB vector of each readable image (rawPixelVector), made while its pixels are at hand. */
  rawPixels: Float32Array[];
}

export interface BatchDecoder {
  decode(images: ImageBytes[], size: number): Promise<DecodedBatch>;
}

export interface DecodeWorkerApi {
  decodeBatch(images: ImageBytes[], size: number): Promise<DecodedBatch>;
}
