import { describe, expect, it } from 'vitest';
import { scoreHeldOut } from './evaluation-report';

describe('scoreHeldOut', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const truth = [0, 0, 1, 1, 1];
  const probabilities = [
    [0.9, 0.1], // right, 0.9
    [0.3, 0.7], // wrong, 0.7
    [0.2, 0.8], // right
    [0.95, 0.05], // wrong, 0.95
    [0.6, 0.4], // wrong, 0.6
  ].map((row) => Float32Array.from(row));

  it('scores each example and builds the matrix from the arg-max', () => {
    const report = scoreHeldOut(ids, truth, probabilities, 2);
    expect(report.examples.map((e) => e.predictedClass)).toEqual([0, 1, 1, 0, 0]);
    expect(report.examples[3].confidence).toBeCloseTo(0.95);
    expect(report.matrix).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(report.accuracy).toBeCloseTo(2 / 5);
    expect(report.classes[0].precision).toBeCloseTo(1 / 3);
    expect(report.classes[1].recall).toBeCloseTo(1 / 3);
  });

  it('lists the mistakes most confident first', () => {
    const report = scoreHeldOut(ids, truth, probabilities, 2);
    expect(report.mistakes.map((i) => ids[i])).toEqual(['d', 'b', 'e']);
  });

  it('bins calibration over the same predictions and tabulates thresholds', () => {
    const report = scoreHeldOut(ids, truth, probabilities, 2);
    expect(report.calibration.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    expect(report.thresholds).toHaveLength(101);
    expect(report.thresholds[0]).toEqual({ threshold: 0, coverage: 1, accuracy: 0.4 });
    expect(report.thresholds[85]).toEqual({ threshold: 0.85, coverage: 0.4, accuracy: 0.5 });
  });

  it('rejects rows that do not match the classes', () => {
    expect(() => scoreHeldOut(['a'], [0], [Float32Array.from([1])], 2)).toThrow(/1 probabilities for 2 classes/);
    expect(() => scoreHeldOut(['a', 'b'], [0], [Float32Array.from([1, 0])], 2)).toThrow(/2 ids, 1 classes/);
  });
});
