import { afterEach, describe, expect, it } from 'vitest';
import type { LabEpoch } from '../ml/lab/lab-types';
import { transferBenefitsOfRun, selectLabBusy, useLabStore } from './lab-store';

function epoch(n: number, valAccuracy: number): LabEpoch {
  return {
    epoch: n,
    loss: n === 0 ? null : 1,
    accuracy: n === 0 ? null : valAccuracy,
    valLoss: 1 - valAccuracy,
    valAccuracy,
    elapsedMs: n * 10,
    phase: 'head',
  };
}

const RUN = { strategy: 'scratch' as const, note: 'small CNN', epochBudget: 2, unfrozenAfter: null };

describe('the lab store', () => {
  afterEach(() => useLabStore.getState().reset());

  it('appends epochs per strategy and seed, and averages the promises over seeds', () => {
    const lab = useLabStore.getState();
    lab.startComparison('r1', [RUN]);
    expect(selectLabBusy(useLabStore.getState())).toBe(true);
    for (const [seed, accuracies] of [
      [42, [0.2, 0.4, 0.6]],
      [43, [0.2, 0.6, 0.8]],
    ] as const) {
      accuracies.forEach((a, n) => useLabStore.getState().appendEpoch('r1', 'scratch', seed, epoch(n, a)));
      useLabStore.getState().finishSeed('r1', { strategy: 'scratch', seed, testAccuracy: 0.5, wallMs: 100, stoppedEarly: false });
    }
    const run = useLabStore.getState().runs.scratch!;
    expect(run.seeds.map((s) => [s.seed, s.epochs.length, s.finished])).toEqual([
      [42, 3, true],
      [43, 3, true],
    ]);
    expect(useLabStore.getState().comparison.status).toBe('running');
    const promises = transferBenefitsOfRun(run)!;
    expect(promises.start).toBeCloseTo(0.5);
    expect(promises.slope).toBeCloseTo(((0.6 - 0.2) / 2 + (0.8 - 0.2) / 2) / 2);
  });

  it('ignores events of another run', () => {
    useLabStore.getState().startComparison('r1', [RUN]);
    useLabStore.getState().appendEpoch('old', 'scratch', 42, epoch(0, 0.2));
    expect(useLabStore.getState().runs.scratch!.seeds).toEqual([]);
  });

  it('keeps a finished comparison finished when a late epoch event arrives', () => {
    useLabStore.getState().startComparison('r1', [RUN]);
    useLabStore.getState().appendEpoch('r1', 'scratch', 42, epoch(0, 0.2));
    useLabStore
      .getState()
      .finishComparison({ runId: 'r1', seeds: [], stoppedEarly: false, trainCount: 1, valCount: 1, testCount: 1, wallMs: 5 });
    useLabStore.getState().appendEpoch('r1', 'scratch', 42, epoch(1, 0.5));
    expect(useLabStore.getState().comparison.status).toBe('done');
    expect(useLabStore.getState().runs.scratch!.seeds[0].epochs).toHaveLength(2);
    expect(selectLabBusy(useLabStore.getState())).toBe(false);
  });

  it('replaces only the strategies a new comparison runs', () => {
    useLabStore.getState().startComparison('r1', [RUN, { ...RUN, strategy: 'feature-extraction' }]);
    useLabStore.getState().appendEpoch('r1', 'scratch', 42, epoch(0, 0.2));
    useLabStore.getState().startComparison('r2', [{ ...RUN, strategy: 'feature-extraction' }]);
    expect(useLabStore.getState().runs.scratch!.runId).toBe('r1');
    expect(useLabStore.getState().runs.scratch!.seeds).toHaveLength(1);
    expect(useLabStore.getState().runs['feature-extraction']!.runId).toBe('r2');
  });
});
