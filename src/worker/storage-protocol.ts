// The worker commands that persistence uses: embeddings leave the worker to be stored, and come
// back when a project is opened, so images already embedded never go through the trunk again.
import type { EmbeddingSet } from '../lib/embedding-set';

export interface StorageApi {
  /** Embeddings computed since the last call, one set per trunk (buffers are transferred). */
  takeUnsavedEmbeddings(): Promise<EmbeddingSet[]>;
  /** All cached embeddings of these images, one set per trunk. */
  exportEmbeddings(imageIds: string[]): Promise<EmbeddingSet[]>;
  /** Fills the cache from stored sets; returns how many embeddings were added. */
  importEmbeddings(sets: EmbeddingSet[]): Promise<number>;
}
