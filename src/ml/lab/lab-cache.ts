// What the lab keeps per image besides the session's embeddings: small raw-pixel copies (per
// size) and the activations at one freeze boundary (per trunk). Float32Arrays in JS memory, like
// the embeddings, so a run packs only the images it uses.
export class LabCache {
  private readonly pixels = new Map<number, Map<string, Float32Array>>();
  private boundaryKey: string | null = null;
  private readonly activations = new Map<string, Float32Array>();

  pixelsOf(size: number, id: string): Float32Array | undefined {
    return this.pixels.get(size)?.get(id);
  }

  setPixels(size: number, id: string, values: Float32Array): void {
    let entries = this.pixels.get(size);
    if (!entries) {
      entries = new Map();
      this.pixels.set(size, entries);
    }
    entries.set(id, values);
  }

  /** Activations at `key` (trunk + boundary); only one boundary is kept, to bound memory. */
  activationOf(key: string, id: string): Float32Array | undefined {
    return this.boundaryKey === key ? this.activations.get(id) : undefined;
  }

  setActivation(key: string, id: string, values: Float32Array): void {
    if (this.boundaryKey !== key) {
      this.activations.clear();
      this.boundaryKey = key;
    }
    this.activations.set(id, values);
  }

  /** Drops every image not in `keep` (images removed from the project). */
  retainOnly(keep: Set<string>): void {
    for (const entries of [...this.pixels.values(), this.activations]) {
      for (const id of entries.keys()) if (!keep.has(id)) entries.delete(id);
    }
  }
}
