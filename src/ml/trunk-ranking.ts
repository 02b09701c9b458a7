/**
 * A quick estimate, on the user's own photos, of how well a trunk's embeddings separate the
 * classes: leave-one-out nearest-centroid accuracy. Each photo is classified by the nearest
 * class centroid (cosine similarity) computed without that photo. It needs no training (one pass
 * to sum the classes, one to score: O(N·D)), so every installed trunk can be ranked in the time
 * it takes to embed the photos with it.
 */

export interface TrunkEstimate {
  /** Share of photos whose nearest leave-one-out centroid is their own class; null when no class has 2 photos. */
  accuracy: number | null;
  /** Photos scored (those in classes of at least 2 photos). */
  scored: number;
}

export function leaveOneOutCentroidAccuracy(embeddings: Float32Array[], labels: number[]): TrunkEstimate {
  if (embeddings.length !== labels.length) throw new Error(`${embeddings.length} embeddings but ${labels.length} labels.`);
  if (embeddings.length === 0) return { accuracy: null, scored: 0 };
  const size = embeddings[0].length;
  // Rows scaled to unit length, so a centroid is a mean direction and the score a cosine.
  const unit = embeddings.map((row) => {
    if (row.length !== size) throw new Error(`Embeddings of different sizes: ${row.length} and ${size}.`);
    let s = 0;
    for (let k = 0; k < size; k++) s += row[k] * row[k];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    return row.map((v) => v * inv);
  });
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const sums = new Map(classes.map((c) => [c, new Float64Array(size)]));
  const counts = new Map(classes.map((c) => [c, 0]));
  unit.forEach((row, i) => {
    const sum = sums.get(labels[i])!;
    for (let k = 0; k < size; k++) sum[k] += row[k];
    counts.set(labels[i], counts.get(labels[i])! + 1);
  });
  let right = 0;
  let scored = 0;
  unit.forEach((row, i) => {
    const own = labels[i];
    if (counts.get(own)! < 2) return;
    let best = -Infinity;
    let bestClass = -1;
    for (const c of classes) {
      const n = counts.get(c)! - (c === own ? 1 : 0);
      if (n === 0) continue;
      const sum = sums.get(c)!;
      // cos(row, centroid) with the photo taken out of its own class's sum.
      let dot = 0;
      let norm = 0;
      for (let k = 0; k < size; k++) {
        const v = c === own ? sum[k] - row[k] : sum[k];
        dot += row[k] * v;
        norm += v * v;
      }
      const score = norm > 0 ? dot / Math.sqrt(norm) : -Infinity;
      if (score > best) [best, bestClass] = [score, c];
    }
    scored++;
    if (bestClass === own) right++;
  });
  return { accuracy: scored > 0 ? right / scored : null, scored };
}
