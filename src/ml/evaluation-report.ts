import { calibrationBins, expectedCalibrationError, thresholdTradeoff, type CalibrationBin, type ThresholdPoint } from './calibration';
import { classScores, confusionMatrix, matrixAccuracy, type ClassScores, type ConfusionMatrix } from './confusion';
import { argMax } from './metrics';

/**
 * Everything the evaluation view shows about one held-out set, computed from the model's
 * probabilities and the true classes: plain numbers, ready to cross the worker boundary.
 */

export interface ScoredExample {
  id: string;
  trueClass: number;
  predictedClass: number;
  /** The top probability. */
  confidence: number;
  probabilities: number[];
}

export interface HeldOutReport {
  examples: ScoredExample[];
  matrix: ConfusionMatrix;
  classes: ClassScores[];
  accuracy: number;
  calibration: CalibrationBin[];
  expectedCalibrationError: number;
  /** Coverage and accuracy for "not sure" thresholds 0, 0.01, ..., 1. */
  thresholds: ThresholdPoint[];
  /** Indices into `examples` of the wrong predictions, most confident first. */
  mistakes: number[];
}

export const CALIBRATION_BINS = 10;
const THRESHOLD_STEPS = Array.from({ length: 101 }, (_, i) => i / 100);

export function scoreHeldOut(ids: string[], trueClasses: number[], probabilities: ArrayLike<number>[], numClasses: number): HeldOutReport {
  if (ids.length !== trueClasses.length || ids.length !== probabilities.length) {
    throw new Error(`scoreHeldOut got ${ids.length} ids, ${trueClasses.length} classes and ${probabilities.length} predictions.`);
  }
  const examples: ScoredExample[] = ids.map((id, i) => {
    const row = Array.from(probabilities[i]);
    if (row.length !== numClasses) throw new Error(`Prediction ${i} has ${row.length} probabilities for ${numClasses} classes.`);
    const predictedClass = argMax(row);
    // Softmax in float32 can overshoot 1 by an ulp; calibration bins expect [0, 1].
    return { id, trueClass: trueClasses[i], predictedClass, confidence: Math.min(1, Math.max(0, row[predictedClass])), probabilities: row };
  });
  const matrix = confusionMatrix(
    trueClasses,
    examples.map((e) => e.predictedClass),
    numClasses,
  );
  const confidences = examples.map((e) => e.confidence);
  const correct = examples.map((e) => e.predictedClass === e.trueClass);
  const calibration = calibrationBins(confidences, correct, CALIBRATION_BINS);
  const mistakes = examples
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.predictedClass !== e.trueClass)
    .sort((a, b) => b.e.confidence - a.e.confidence || a.i - b.i)
    .map(({ i }) => i);
  return {
    examples,
    matrix,
    classes: classScores(matrix),
    accuracy: matrixAccuracy(matrix),
    calibration,
    expectedCalibrationError: expectedCalibrationError(calibration),
    thresholds: thresholdTradeoff(confidences, correct, THRESHOLD_STEPS),
    mistakes,
  };
}
