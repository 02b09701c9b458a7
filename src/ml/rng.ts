/**
 * Seeded randomness for everything that must be reproducible: validation splits and the order
 * of training batches. Same seed, same numbers, on every platform.
 */

/**
 * A mulberry32 generator returning numbers in [0, 1). Small and fast; statistically good enough
 * for shuffling, not for cryptography. The seed is reduced to 32 bits.
 */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher-Yates permutation of 0..n-1 drawn from `rng`. */
export function shuffledIndices(n: number, rng: () => number): number[] {
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`shuffledIndices needs a non-negative integer count, got ${n}.`);
  }
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const swap = indices[i];
    indices[i] = indices[j];
    indices[j] = swap;
  }
  return indices;
}
