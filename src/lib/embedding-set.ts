// Embeddings as they travel (worker <-> page <-> storage <-> project file): one trunk's vectors
// for a list of images, packed row by row in one Float32Array so they cross as one buffer.
import type { EmbeddingEntry, EmbeddingSet } from '../protocol';

export type { EmbeddingEntry, EmbeddingSet };

/** Packs entries into one set per trunk; entries whose size differs from the trunk's first are skipped. */
export function packEmbeddings(entries: Iterable<EmbeddingEntry>): EmbeddingSet[] {
  const byTrunk = new Map<string, EmbeddingEntry[]>();
  for (const entry of entries) {
    const list = byTrunk.get(entry.trunkId) ?? [];
    list.push(entry);
    byTrunk.set(entry.trunkId, list);
  }
  return [...byTrunk].map(([trunkId, list]) => {
    const dimension = list[0].vector.length;
    const kept = list.filter((e) => e.vector.length === dimension);
    const vectors = new Float32Array(kept.length * dimension);
    kept.forEach((e, i) => vectors.set(e.vector, i * dimension));
    return { trunkId, dimension, imageIds: kept.map((e) => e.imageId), vectors };
  });
}

/** The entries of a set, each vector its own copy (safe to keep or store on its own). */
export function unpackEmbeddings(set: EmbeddingSet): EmbeddingEntry[] {
  if (set.vectors.length !== set.imageIds.length * set.dimension) {
    throw new Error(`Embeddings for ${set.trunkId}: ${set.vectors.length} values do not fit ${set.imageIds.length} x ${set.dimension}.`);
  }
  return set.imageIds.map((imageId, i) => ({ trunkId: set.trunkId, imageId, vector: set.vectors.slice(i * set.dimension, (i + 1) * set.dimension) }));
}
