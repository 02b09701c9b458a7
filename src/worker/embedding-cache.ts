// Embeddings per trunk, keyed by image id: each image goes through a trunk once, and retraining
// with other settings reuses them.
export class EmbeddingCache {
  private readonly byTrunk = new Map<string, Map<string, Float32Array>>();

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
  }

  missing(trunkId: string, imageIds: string[]): string[] {
    const entries = this.byTrunk.get(trunkId);
    return entries ? imageIds.filter((id) => !entries.has(id)) : [...imageIds];
  }

  forget(imageIds: string[]): void {
    for (const entries of this.byTrunk.values()) for (const id of imageIds) entries.delete(id);
  }
}
