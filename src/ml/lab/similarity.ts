/**
 * How close the user's images are to what the trunk learnt on ImageNet, measured rather than
 * guessed. Two probes, both parameter-free so they cannot overfit a small dataset: leave-one-out
 * nearest-class-centroid classification (cosine similarity to each class's mean vector, the
 * example itself left out) (a) on the trunk's embeddings and (b) on the raw pixels (a 16x16
 * colour thumbnail).
 *
 * The similarity score is the share of the pixel probe's mistakes that the pretrained features
 * avoid, with each error rate smoothed as (mistakes + 1) / (images + 2) so that small sets and
 * perfect scores stay finite:
 *   similarity = clamp(1 - smoothedError(trunk) / smoothedError(pixels), 0, 1).
 * Photos of things like ImageNet's (flowers, insects, objects) score high: the features sort
 * them where their colours do not. Images unlike ImageNet score low: the features fix few of the
 * pixels' mistakes, or pixels already sort them perfectly (coloured shapes) and the pretrained
 * knowledge has nothing to add. A first version used the difference of the two chance-corrected
 * accuracies instead, and rated 5 flower species "unlike ImageNet" because their colours alone
 * sort 86% of them: a ratio of mistakes does not punish datasets that pixels already do well on.
 * Pure TS, no tfjs.
 */

export interface ProbeResult {
  /** Leave-one-out nearest-centroid accuracy, 0..1. */
  accuracy: number;
  mistakes: number;
  images: number;
  /** Accuracy rescaled so chance (1 / classes) is 0 and perfect is 1; can be negative. */
  kappa: number;
}

export interface SimilarityMeasurement {
  trunkProbe: ProbeResult;
  pixelProbe: ProbeResult;
  /** 0..1: the share of the pixel probe's (smoothed) mistakes the trunk's features avoid. */
  similarity: number;
}

/** From here the score counts as "similar to ImageNet": the features avoid at least half of the pixels' mistakes (measured values in docs/lab.md). */
export const HIGH_SIMILARITY = 0.5;

/** Subtracts the mean vector and scales each row to unit length, so dot products are cosine similarities. */
function centreAndNormalise(rows: Float32Array[]): Float32Array[] {
  const size = rows[0].length;
  const centre = new Float64Array(size);
  for (const row of rows) for (let i = 0; i < size; i++) centre[i] += row[i] / rows.length;
  return rows.map((row) => {
    const out = new Float32Array(size);
    let norm = 0;
    for (let i = 0; i < size; i++) {
      out[i] = row[i] - centre[i];
      norm += out[i] * out[i];
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < size; i++) out[i] *= scale;
    return out;
  });
}

/**
 * Leave-one-out nearest-centroid accuracy: each example is classified by the closest class
 * mean computed without it. An example whose class has no other member counts as an error.
 */
export function nearestCentroidProbe(features: Float32Array[], labels: number[]): ProbeResult {
  if (features.length !== labels.length) throw new Error(`${features.length} feature vectors but ${labels.length} labels.`);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  if (classes.length < 2) throw new Error('The similarity probe needs at least two classes.');
  const size = features[0].length;
  const rows = centreAndNormalise(features);
  const sums = new Map(classes.map((c) => [c, new Float64Array(size)]));
  const counts = new Map(classes.map((c) => [c, 0]));
  rows.forEach((row, i) => {
    const sum = sums.get(labels[i]) as Float64Array;
    for (let k = 0; k < size; k++) sum[k] += row[k];
    counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  });
  let correct = 0;
  rows.forEach((row, i) => {
    let best = -Infinity;
    let predicted = -1;
    for (const c of classes) {
      const own = c === labels[i];
      const count = (counts.get(c) ?? 0) - (own ? 1 : 0);
      if (count === 0) continue;
      const sum = sums.get(c) as Float64Array;
      // cosine(row, centroid) with the centroid = (sum - own row) / count.
      let dot = 0;
      let norm = 0;
      for (let k = 0; k < size; k++) {
        const value = (sum[k] - (own ? row[k] : 0)) / count;
        dot += row[k] * value;
        norm += value * value;
      }
      const score = norm > 0 ? dot / Math.sqrt(norm) : -Infinity;
      if (score > best) {
        best = score;
        predicted = c;
      }
    }
    if (predicted === labels[i]) correct++;
  });
  const accuracy = correct / rows.length;
  const chance = 1 / classes.length;
  return { accuracy, mistakes: rows.length - correct, images: rows.length, kappa: (accuracy - chance) / (1 - chance) };
}

/** Average-pools an [size, size, 3] image (row-major, channels last) down to [target, target, 3]. */
export function thumbnail(pixels: Float32Array, size: number, target = 16): Float32Array {
  if (pixels.length !== size * size * 3) throw new Error(`Expected ${size}x${size}x3 values, got ${pixels.length}.`);
  if (size % target !== 0) throw new Error(`Cannot pool ${size} px evenly down to ${target} px.`);
  const factor = size / target;
  const out = new Float32Array(target * target * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (Math.floor(y / factor) * target + Math.floor(x / factor)) * 3;
      const i = (y * size + x) * 3;
      out[o] += pixels[i];
      out[o + 1] += pixels[i + 1];
      out[o + 2] += pixels[i + 2];
    }
  }
  const area = factor * factor;
  for (let i = 0; i < out.length; i++) out[i] /= area;
  return out;
}

export function measureSimilarity(embeddings: Float32Array[], thumbnails: Float32Array[], labels: number[]): SimilarityMeasurement {
  const trunkProbe = nearestCentroidProbe(embeddings, labels);
  const pixelProbe = nearestCentroidProbe(thumbnails, labels);
  const smoothedError = (probe: ProbeResult) => (probe.mistakes + 1) / (probe.images + 2);
  const similarity = Math.min(1, Math.max(0, 1 - smoothedError(trunkProbe) / smoothedError(pixelProbe)));
  return { trunkProbe, pixelProbe, similarity };
}
