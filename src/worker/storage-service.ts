// Moves cached embeddings between the worker's cache and the page (which stores them).
import { transfer } from 'comlink';
import { packEmbeddings, unpackEmbeddings, type EmbeddingSet } from '../lib/embedding-set';
import type { MlSession } from './session';
import type { StorageApi } from '../protocol';

function transferred(sets: EmbeddingSet[]): EmbeddingSet[] {
  return transfer(
    sets,
    sets.map((s) => s.vectors.buffer),
  );
}

export function createStorageService(session: MlSession): StorageApi {
  return {
    takeUnsavedEmbeddings: async () => transferred(packEmbeddings(session.takeUnsavedEmbeddings())),
    exportEmbeddings: async (imageIds) => transferred(packEmbeddings(session.exportEmbeddings(imageIds))),
    importEmbeddings: async (sets) => {
      return session.importEmbeddings(sets.flatMap(unpackEmbeddings));
    },
  };
}
