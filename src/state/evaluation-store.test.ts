import { beforeEach, describe, expect, it } from 'vitest';
import { scoreHeldOut } from '../ml/evaluation-report';
import type { EvaluationReport } from '../protocol';
import { selectCellExamples, useEvaluationStore } from './evaluation-store';

function report(runId: string): EvaluationReport {
  const probabilities = [
    [0.9, 0.1],
    [0.4, 0.6],
    [0.7, 0.3],
  ].map((row) => Float32Array.from(row));
  return {
    ...scoreHeldOut(['a', 'b', 'c'], [0, 0, 1], probabilities, 2),
    runId,
    labels: ['cat', 'dog'],
    set: 'test',
    scoredBeforeFinalFit: false,
    splitCounts: [
      { train: 5, val: 1, test: 2 },
      { train: 5, val: 1, test: 1 },
    ],
    nearDuplicates: { threshold: 0.95, pairs: [], total: 0, heldOutImages: 0 },
    computeMs: 1,
  };
}

describe('evaluation store', () => {
  beforeEach(() => useEvaluationStore.setState(useEvaluationStore.getInitialState(), true));

  it('selects the examples of a confusion-matrix cell', () => {
    const store = useEvaluationStore.getState();
    store.setReport(report('run-1'));
    store.selectCell({ trueClass: 0, predictedClass: 1 });
    expect(selectCellExamples(useEvaluationStore.getState())).toEqual([1]);
    store.selectCell({ trueClass: 1, predictedClass: 0 });
    expect(selectCellExamples(useEvaluationStore.getState())).toEqual([2]);
  });

  it('keeps the selected cell for a recomputed report of the same run, drops it for a new run', () => {
    const store = useEvaluationStore.getState();
    store.setReport(report('run-1'));
    store.selectCell({ trueClass: 0, predictedClass: 0 });
    store.setReport(report('run-1'));
    expect(useEvaluationStore.getState().selectedCell).toEqual({ trueClass: 0, predictedClass: 0 });
    store.setReport(report('run-2'));
    expect(useEvaluationStore.getState().selectedCell).toBeNull();
  });

  it('clamps the unknown threshold and lets it be switched off', () => {
    const store = useEvaluationStore.getState();
    store.setUnknownThreshold(1.4);
    expect(useEvaluationStore.getState().unknownThreshold).toBe(1);
    store.setUnknownThreshold(null);
    expect(useEvaluationStore.getState().unknownThreshold).toBeNull();
  });
});
