/** Index of the largest value (the first one on ties); -1 for an empty list. */
export function argMax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (best === -1 || values[i] > bestValue) {
      best = i;
      bestValue = values[i];
    }
  }
  return best;
}

/**
 * Fraction of rows whose most probable class is the label. An empty set scores 0 rather than
 * NaN so that charts and summaries never have to special-case it.
 */
export function accuracy(probabilities: Float32Array[], labels: number[]): number {
  if (probabilities.length !== labels.length) {
    throw new Error(`accuracy got ${probabilities.length} predictions but ${labels.length} labels.`);
  }
  if (labels.length === 0) return 0;
  let correct = 0;
  probabilities.forEach((row, i) => {
    if (argMax(row) === labels[i]) correct++;
  });
  return correct / labels.length;
}
