// The worker commands that persistence uses: embeddings leave the worker to be stored, and come
// back when a project is opened, so images already embedded never go through the trunk again.

/**
 * Embeddings as they travel (worker <-> page <-> storage <-> project file): one trunk's vectors
 * for a list of images, packed row by row in one Float32Array so they cross as one buffer
 * (src/lib/embedding-set.ts packs and unpacks them).
 */
export interface EmbeddingSet {
  trunkId: string;
  dimension: number;
  imageIds: string[];
  /** imageIds.length x dimension values, row by row. */
  vectors: Float32Array;
}

export interface EmbeddingEntry {
  trunkId: string;
  imageId: string;
  vector: Float32Array;
}

export interface StorageApi {
  /** Embeddings computed since the last call, one set per trunk (buffers are transferred). */
  takeUnsavedEmbeddings(): Promise<EmbeddingSet[]>;
  /** All cached embeddings of these images, one set per trunk. */
  exportEmbeddings(imageIds: string[]): Promise<EmbeddingSet[]>;
  /** Fills the cache from stored sets; returns how many embeddings were added. */
  importEmbeddings(sets: EmbeddingSet[]): Promise<number>;
}
