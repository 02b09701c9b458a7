/**
 * Calibration: does a prediction made with 80% confidence turn out right 80% of the time?
 * The reliability diagram bins predictions by confidence (the top probability) and compares
 * each bin's mean confidence with its accuracy.
 */

export interface CalibrationBin {
  /** Confidence range [lower, upper); the last bin includes 1. */
  lower: number;
  upper: number;
  count: number;
  /** Mean top probability of the predictions in the bin; null when the bin is empty. */
  meanConfidence: number | null;
  /** Share of the bin's predictions that were right; null when the bin is empty. */
  accuracy: number | null;
}

function assertSameLength(confidences: number[], correct: boolean[]): void {
  if (confidences.length !== correct.length) {
    throw new Error(`Got ${confidences.length} confidences but ${correct.length} outcomes.`);
  }
  confidences.forEach((value, i) => {
    if (!(value >= 0 && value <= 1)) throw new Error(`Confidence ${i} is ${value}; it must lie in [0, 1].`);
  });
}

/** Equal-width bins over [0, 1]. */
export function calibrationBins(confidences: number[], correct: boolean[], binCount = 10): CalibrationBin[] {
  if (!Number.isInteger(binCount) || binCount < 1) throw new Error(`binCount must be a positive integer, got ${binCount}.`);
  assertSameLength(confidences, correct);
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  confidences.forEach((confidence, i) => {
    const bin = Math.min(binCount - 1, Math.floor(confidence * binCount));
    sums[bin].count++;
    sums[bin].confidence += confidence;
    if (correct[i]) sums[bin].correct++;
  });
  return sums.map((sum, i) => ({
    lower: i / binCount,
    upper: (i + 1) / binCount,
    count: sum.count,
    meanConfidence: sum.count > 0 ? sum.confidence / sum.count : null,
    accuracy: sum.count > 0 ? sum.correct / sum.count : null,
  }));
}

/**
 * Expected calibration error: the gap |accuracy - confidence| of each bin, weighted by its share
 * of the predictions. 0 is perfectly calibrated; 0 for an empty set.
 */
export function expectedCalibrationError(bins: CalibrationBin[]): number {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return 0;
  return bins.reduce(
    (sum, bin) => (bin.count > 0 ? sum + (bin.count / total) * Math.abs((bin.accuracy ?? 0) - (bin.meanConfidence ?? 0)) : sum),
    0,
  );
}

export interface ThresholdPoint {
  threshold: number;
  /** Share of predictions at or above the threshold: the ones the app would still answer. */
  coverage: number;
  /** Accuracy of those answered predictions; null when none is left. */
  accuracy: number | null;
}

/**
 * What an "unknown" threshold would do on this set: predictions whose confidence is below it
 * become "not sure". One point per threshold in `thresholds`.
 */
export function thresholdTradeoff(confidences: number[], correct: boolean[], thresholds: number[]): ThresholdPoint[] {
  assertSameLength(confidences, correct);
  return thresholds.map((threshold) => {
    let answered = 0;
    let right = 0;
    confidences.forEach((confidence, i) => {
      if (confidence >= threshold) {
        answered++;
        if (correct[i]) right++;
      }
    });
    return {
      threshold,
      coverage: confidences.length > 0 ? answered / confidences.length : 0,
      accuracy: answered > 0 ? right / answered : null,
    };
  });
}

/** True when a prediction should be shown as "not sure": its top probability is below the threshold (null: never). */
export function isUnsure(topProbability: number, threshold: number | null): boolean {
  return threshold !== null && topProbability < threshold;
}
