// Embeddings as they travel (worker <-> page <-> storage <-> project file): one trunk's vectors
// for a list of images, packed row by row in one Float32Array so they cross as one buffer.
import type { EmbeddingEntry, EmbeddingSet } from '../protocol';

export type { EmbeddingEntry, EmbeddingSet };

/** The trunk's own id in a cache key "id#sha256:…" (the worker files embeddings under the trunk's content). */
export function trunkIdOfKey(key: string): string {
  const hash = key.lastIndexOf('#sha256:');
  return hash < 0 ? key : key.slice(0, hash);
}

/** Whether every value is a finite number: NaN or Infinity would poison training and every distance. */
export function isFiniteVector(vector: Float32Array): boolean {
  for (let i = 0; i < vector.length; i++) if (!Number.isFinite(vector[i])) return false;
  return true;
}

/**
 * The rows of a set that can be used: a set whose values do not fill imageIds x dimension, or whose
 * dimension is not the one its trunk is known to give (`knownDimension`: the catalogue's trunks),
 * is dropped whole; rows holding NaN or Infinity are dropped one by one. Dropped images keep their
 * photos and are simply embedded again. `problems` says what was dropped, for the user.
 */
export function usableEmbeddings(
  set: EmbeddingSet,
  knownDimension: (trunkId: string) => number | undefined,
  where: string,
): { set: EmbeddingSet | null; problems: string[] } {
  const expectedDimension = knownDimension(trunkIdOfKey(set.trunkId));
  if (expectedDimension !== undefined && set.dimension !== expectedDimension) {
    return {
      set: null,
      problems: [
        `${where}: vectors of ${set.dimension} numbers, but the trunk "${trunkIdOfKey(set.trunkId)}" gives ${expectedDimension}; those ${set.imageIds.length} images will be embedded again.`,
      ],
    };
  }
  if (set.vectors.length !== set.imageIds.length * set.dimension) {
    return {
      set: null,
      problems: [
        `${where}: ${set.vectors.length * 4} bytes do not fit ${set.imageIds.length} vectors of ${set.dimension} numbers; those images will be embedded again.`,
      ],
    };
  }
  const keep: number[] = [];
  set.imageIds.forEach((_, i) => {
    if (isFiniteVector(set.vectors.subarray(i * set.dimension, (i + 1) * set.dimension))) keep.push(i);
  });
  if (keep.length === set.imageIds.length) return { set, problems: [] };
  const dropped = set.imageIds.length - keep.length;
  const vectors = new Float32Array(keep.length * set.dimension);
  keep.forEach((row, i) => vectors.set(set.vectors.subarray(row * set.dimension, (row + 1) * set.dimension), i * set.dimension));
  return {
    set: { ...set, imageIds: keep.map((row) => set.imageIds[row]), vectors },
    problems: [
      `${where}: ${dropped} of ${set.imageIds.length} vectors hold numbers that are not finite (NaN or Infinity); those images will be embedded again.`,
    ],
  };
}

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
  return set.imageIds.map((imageId, i) => ({
    trunkId: set.trunkId,
    imageId,
    vector: set.vectors.slice(i * set.dimension, (i + 1) * set.dimension),
  }));
}
