import { describe, expect, it } from 'vitest';
import type { LabEpoch } from '../../ml/lab/lab-types';
import type { StrategyRun } from '../../state/lab-store';
import { chartRows, promiseMarks } from './chart-rows';

function curve(accuracies: number[]): LabEpoch[] {
  return accuracies.map((valAccuracy, epoch) => ({
    epoch,
    loss: null,
    accuracy: null,
    valLoss: 1 - valAccuracy,
    valAccuracy,
    elapsedMs: epoch * 500,
    phase: 'head',
  }));
}

const RUN: StrategyRun = {
  strategy: 'feature-extraction',
  runId: 'r',
  note: '',
  epochBudget: 7,
  unfrozenAfter: null,
  seeds: [
    { seed: 1, epochs: curve([0.2, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9, 0.9]), testAccuracy: 0.9, wallMs: 1, finished: true },
    { seed: 2, epochs: curve([0.2, 0.8, 0.9, 1, 1, 1, 1, 1]), testAccuracy: 1, wallMs: 1, finished: true },
  ],
};

describe('chart rows', () => {
  it('gives the mean line and the min-max band, by epoch or by seconds', () => {
    const rows = chartRows(RUN, 'valAccuracy', 'epoch');
    expect(rows[1]).toMatchObject({ x: 1, epoch: 1, band: [0.6, 0.8] });
    expect(rows[1].mean).toBeCloseTo(0.7);
    expect(chartRows(RUN, 'valAccuracy', 'time')[2].x).toBeCloseTo(1);
  });

  it('puts the start at epoch 1, the slope over epochs 0-5 and the asymptote over the last five', () => {
    const marks = promiseMarks(RUN, 'epoch')!;
    expect(marks.start.x).toBe(1);
    expect(marks.start.y).toBeCloseTo(0.7);
    expect(marks.slope.map((p) => p.x)).toEqual([0, 5]);
    expect(marks.slope[1].y).toBeCloseTo(0.95);
    expect(marks.asymptote.map((p) => p.x)).toEqual([3, 7]);
    expect(marks.asymptote[0].y).toBeCloseTo((0.9 + 0.95 * 4) / 5);
  });

  it('has no marks before the first epoch', () => {
    expect(promiseMarks({ ...RUN, seeds: [{ ...RUN.seeds[0], epochs: curve([0.2]) }] }, 'epoch')).toBeNull();
  });
});
