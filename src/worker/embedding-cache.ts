// Embeddings per trunk, keyed by image id: each image goes through a trunk once, and retraining
// with other settings reuses them. "Trunk" here is the session's cache key, the trunk's id plus a
// hash of its content (trunk-content-key.ts), so a changed model never reuses old vectors. Entries computed here (not imported from storage) are marked
// unsaved until the page takes them for its autosave.
export class EmbeddingCache {
  private readonly byTrunk = new Map<string, Map<string, Float32Array>>();
  private readonly unsaved = new Map<string, Set<string>>();

  private forTrunk(trunkId: string): Map<string, Float32Array> {
    let entries = this.byTrunk.get(trunkId);
    if (!entries) {
      entries = new Map();
      this.byTrunk.set(trunkId, entries);
    }
    return entries;
  }

  get(trunkId: string, imageId: string): Float32Array | undefined {
    return this.byTrunk.get(trunkId)?.get(imageId);
  }

  set(trunkId: string, imageId: string, embedding: Float32Array): void {
    this.forTrunk(trunkId).set(imageId, embedding);
    const pending = this.unsaved.get(trunkId) ?? new Set<string>();
    pending.add(imageId);
    this.unsaved.set(trunkId, pending);
  }

  /** Adds embeddings read from storage: they are saved already. */
  restore(trunkId: string, imageId: string, embedding: Float32Array): void {
    this.forTrunk(trunkId).set(imageId, embedding);
  }

  /** Ids with no embedding for the trunk, or one of another length than `dimension` (when given): those are embedded again. */
  missing(trunkId: string, imageIds: string[], dimension?: number): string[] {
    const entries = this.byTrunk.get(trunkId);
    if (!entries) return [...imageIds];
    return imageIds.filter((id) => {
      const vector = entries.get(id);
      return !vector || (dimension !== undefined && vector.length !== dimension);
    });
  }

  forget(imageIds: string[]): void {
    for (const entries of this.byTrunk.values()) for (const id of imageIds) entries.delete(id);
    for (const pending of this.unsaved.values()) for (const id of imageIds) pending.delete(id);
  }

  /** Every cached (trunk, image, embedding) for the given images, across trunks. */
  *entriesOf(imageIds: string[]): Generator<{ trunkId: string; imageId: string; vector: Float32Array }> {
    for (const [trunkId, entries] of this.byTrunk) {
      for (const imageId of imageIds) {
        const vector = entries.get(imageId);
        if (vector) yield { trunkId, imageId, vector };
      }
    }
  }

  /** The entries computed since the last call, then forgets that they were unsaved. */
  takeUnsaved(): { trunkId: string; imageId: string; vector: Float32Array }[] {
    const taken: { trunkId: string; imageId: string; vector: Float32Array }[] = [];
    for (const [trunkId, pending] of this.unsaved) {
      for (const imageId of pending) {
        const vector = this.byTrunk.get(trunkId)?.get(imageId);
        if (vector) taken.push({ trunkId, imageId, vector });
      }
    }
    this.unsaved.clear();
    return taken;
  }
}
