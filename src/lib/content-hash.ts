// Exact-duplicate detection: two files with the same SHA-256 of their bytes are the same image,
// whatever their names. Pure apart from crypto.subtle, which browsers, workers and Node 20 share.

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  // Our buffers are never shared (SharedArrayBuffer), which is what digest's type rules out.
  const digest = await crypto.subtle.digest('SHA-256', bytes as ArrayBuffer | Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Which image holds which content hash. `claim` is synchronous, so files checked one after the
 * other (also from two drops at once) cannot both win the same hash.
 */
export class DuplicateIndex<Owner> {
  private readonly owners = new Map<string, Owner>();

  /** The owner already holding `hash`, or null after recording `owner` as its holder. */
  claim(hash: string, owner: Owner): Owner | null {
    const existing = this.owners.get(hash);
    if (existing !== undefined) return existing;
    this.owners.set(hash, owner);
    return null;
  }

  ownerOf(hash: string): Owner | undefined {
    return this.owners.get(hash);
  }

  /** Frees `hash` when it is held by `owner` (or by anyone when no owner is given). */
  release(hash: string, owner?: Owner): void {
    if (owner === undefined || this.owners.get(hash) === owner) this.owners.delete(hash);
  }

  clear(): void {
    this.owners.clear();
  }

  get size(): number {
    return this.owners.size;
  }
}
