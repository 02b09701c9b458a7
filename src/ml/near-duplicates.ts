/**
 * Near-duplicates across training and held-out images: when a test image is almost the same
 * picture as a training image (a burst shot, a resized or re-saved copy), the model has in
 * effect seen it, and the test score is inflated. Found by cosine similarity of embeddings.
 */

/**
 * Cosine similarity above which two images count as near-duplicates. Measured with the
 * MobileNet V2 0.35 trunk on 300 flowers12 photos (scripts/measure-near-duplicates.ts,
 * docs/evaluation.md): of 44,850 pairs of distinct photos one scores above 0.90 (0.965: the same
 * tiger lily shot, cropped twice, really in the dataset twice), the next 0.898; edited copies
 * of a photo (re-saved as JPEG, resized, cropped, brightened, mirrored) score 0.70-0.998,
 * 73% of them above 0.92. 0.92 flags copies and leaves distinct photos alone.
 */
export const NEAR_DUPLICATE_SIMILARITY = 0.92;

export interface NearDuplicatePair {
  /** Index into the first list (training images). */
  first: number;
  /** Index into the second list (held-out images). */
  second: number;
  similarity: number;
}

export function unitRows(rows: ArrayLike<number>[]): Float32Array[] {
  return rows.map((row) => {
    let norm = 0;
    for (let k = 0; k < row.length; k++) norm += row[k] * row[k];
    norm = Math.sqrt(norm);
    return Float32Array.from(row, (value) => (norm > 0 ? value / norm : 0));
  });
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Vectors differ in length: ${a.length} and ${b.length}.`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < a.length; k++) {
    dot += a[k] * b[k];
    na += a[k] * a[k];
    nb += b[k] * b[k];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Every (first, second) pair whose cosine similarity exceeds `threshold`, most similar first.
 * O(|first| * |second| * dimensions).
 */
export function findNearDuplicates(
  first: ArrayLike<number>[],
  second: ArrayLike<number>[],
  threshold = NEAR_DUPLICATE_SIMILARITY,
): NearDuplicatePair[] {
  const a = unitRows(first);
  const b = unitRows(second);
  const pairs: NearDuplicatePair[] = [];
  b.forEach((row, j) => {
    a.forEach((other, i) => {
      if (other.length !== row.length) throw new Error(`Vectors differ in length: ${other.length} and ${row.length}.`);
      let dot = 0;
      for (let k = 0; k < row.length; k++) dot += row[k] * other[k];
      if (dot > threshold) pairs.push({ first: i, second: j, similarity: Math.min(1, dot) });
    });
  });
  return pairs.sort((p, q) => q.similarity - p.similarity || p.second - q.second || p.first - q.first);
}
