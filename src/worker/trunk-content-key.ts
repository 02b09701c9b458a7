// What cached embeddings are filed under: the trunk's id plus a SHA-256 of what it computes with
// (its topology, weight manifest and weight bytes). An address or a file name says where a model
// came from, not what it is: a model replaced at the same URL must not reuse the old vectors.
import type * as tf from '@tensorflow/tfjs';
import { sha256Hex } from '../lib/content-hash';

export async function trunkContentKey(artifacts: tf.io.ModelArtifacts, id: string): Promise<string> {
  const description = new TextEncoder().encode(JSON.stringify([artifacts.modelTopology ?? null, artifacts.weightSpecs ?? []]));
  const weights = [artifacts.weightData ?? []].flat().map((buffer) => new Uint8Array(buffer));
  const bytes = new Uint8Array(description.byteLength + weights.reduce((sum, w) => sum + w.byteLength, 0));
  bytes.set(description, 0);
  let offset = description.byteLength;
  for (const w of weights) {
    bytes.set(w, offset);
    offset += w.byteLength;
  }
  return `${id}#sha256:${await sha256Hex(bytes)}`;
}
