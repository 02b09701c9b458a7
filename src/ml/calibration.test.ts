import { describe, expect, it } from 'vitest';
import { calibrationBins, expectedCalibrationError, isUnsure, thresholdTradeoff } from './calibration';

describe('calibrationBins', () => {
  const confidences = [0.95, 0.92, 0.91, 0.55, 0.52, 0.75, 1, 0.1];
  const correct = [true, true, false, true, false, true, true, false];

  it('puts each prediction in its confidence bin, with the top bin closed at 1', () => {
    const bins = calibrationBins(confidences, correct, 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([0, 1, 0, 0, 0, 2, 0, 1, 0, 4]);
    expect(bins[9]).toMatchObject({ lower: 0.9, upper: 1, count: 4, accuracy: 3 / 4 });
    expect(bins[9].meanConfidence).toBeCloseTo((0.95 + 0.92 + 0.91 + 1) / 4);
    expect(bins[5]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(bins[5].meanConfidence).toBeCloseTo(0.535);
    expect(bins[1]).toMatchObject({ count: 1, accuracy: 0, meanConfidence: 0.1 });
  });

  it('leaves empty bins with null statistics', () => {
    const bins = calibrationBins(confidences, correct, 10);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 0, meanConfidence: null, accuracy: null });
  });

  it('gives an expected calibration error weighted by bin size', () => {
    const bins = calibrationBins([0.9, 0.9, 0.6, 0.6], [true, false, true, true], 10);
    // bin 9: conf 0.9, acc 0.5 -> gap 0.4; bin 6: conf 0.6, acc 1 -> gap 0.4; each holds half.
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.4);
    expect(expectedCalibrationError(calibrationBins([0.75, 0.75, 0.75, 0.75], [true, true, true, false], 4))).toBeCloseTo(0);
    expect(expectedCalibrationError(calibrationBins([], [], 10))).toBe(0);
  });

  it('rejects bad input', () => {
    expect(() => calibrationBins([0.5], [true, false])).toThrow(/1 confidences but 2 outcomes/);
    expect(() => calibrationBins([1.5], [true])).toThrow(/\[0, 1\]/);
    expect(() => calibrationBins([0.5], [true], 0)).toThrow(/binCount/);
  });
});

describe('thresholdTradeoff', () => {
  it('answers only predictions at or above the threshold', () => {
    const points = thresholdTradeoff([0.9, 0.8, 0.6, 0.4], [true, false, true, false], [0, 0.6, 0.85, 0.95]);
    expect(points).toEqual([
      { threshold: 0, coverage: 1, accuracy: 0.5 },
      { threshold: 0.6, coverage: 0.75, accuracy: 2 / 3 },
      { threshold: 0.85, coverage: 0.25, accuracy: 1 },
      { threshold: 0.95, coverage: 0, accuracy: null },
    ]);
  });

  it('isUnsure is strict and off when the threshold is null', () => {
    expect(isUnsure(0.59, 0.6)).toBe(true);
    expect(isUnsure(0.6, 0.6)).toBe(false);
    expect(isUnsure(0.01, null)).toBe(false);
  });
});
