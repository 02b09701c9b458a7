import { describe, expect, it } from 'vitest';
import { settleRun } from '../lib/project-schema';
import { useProjectStore } from '../state/project-store';
import { DEFAULT_TRAINING_SETTINGS, useTrainingStore, type TrainingState } from '../state/training-store';
import { nextRuns, restoredRunOf } from './run-history';

const epoch = (n: number) => ({ epoch: n, loss: 1 / n, accuracy: 0.5, valLoss: null, valAccuracy: null, elapsedMs: n * 10 });

function states(): TrainingState[] {
  const seen: TrainingState[] = [useTrainingStore.getState()];
  const unsubscribe = useTrainingStore.subscribe((s) => seen.push(s));
  const training = useTrainingStore.getState();
  training.startRun('run-1', 3);
  training.appendEpoch('run-1', epoch(1));
  training.appendEpoch('run-1', epoch(2));
  unsubscribe();
  return seen;
}

describe('run history', () => {
  it('records a run from its start and keeps its curve as epochs arrive', () => {
    useProjectStore.getState().load([{ id: 'c1', label: 'ants', imageIds: [] }]);
    const seen = states();
    let runs = nextRuns([], seen[1], seen[0])!;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId: 'run-1', status: 'running', labels: ['ants'], totalEpochs: 3, epochs: [] });
    runs = nextRuns(runs, seen[2], seen[1])!;
    runs = nextRuns(runs, seen[3], seen[2])!;
    expect(runs[0].epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // Nothing new: no write.
    expect(nextRuns(runs, seen[3], seen[3])).toBeNull();

    // The page closes mid-run: the saved record reads back as an interrupted run with its epochs.
    const restored = restoredRunOf(settleRun(runs[0]));
    expect(restored).toMatchObject({ status: 'interrupted', totalEpochs: 3, summary: null });
    expect(restored.epochs).toHaveLength(2);
    expect(restored.message).toMatch(/Interrupted after 2 of 3 epochs/);
  });

  it('keeps a finished run finished when the model is later invalidated', () => {
    const training = useTrainingStore.getState();
    training.startRun('run-2', 1);
    let runs = nextRuns([], useTrainingStore.getState(), { ...useTrainingStore.getState(), runId: null })!;
    const before = useTrainingStore.getState();
    training.finishRun({
      runId: 'run-2',
      epochs: [epoch(1)],
      stoppedEarly: false,
      trainCount: 4,
      valCount: 1,
      testCount: 0,
      trainMs: 10,
      msPerEpoch: 10,
    });
    runs = nextRuns(runs, useTrainingStore.getState(), before)!;
    expect(runs[0]).toMatchObject({ status: 'done', outcome: { trainCount: 4 } });
    const finished = useTrainingStore.getState();
    training.invalidateModel();
    expect(nextRuns(runs, useTrainingStore.getState(), finished)).toBeNull();
    expect(restoredRunOf(runs[0])).toMatchObject({ status: 'done', summary: { runId: 'run-2', trainCount: 4 } });
    expect(runs[0].settings).toEqual(DEFAULT_TRAINING_SETTINGS);
  });

  it('a blocked training attempt leaves the previous successful run as it was', () => {
    const training = useTrainingStore.getState();
    training.startRun('run-3', 1);
    let runs = nextRuns([], useTrainingStore.getState(), { ...useTrainingStore.getState(), runId: null })!;
    const before = useTrainingStore.getState();
    training.finishRun({
      runId: 'run-3',
      epochs: [epoch(1)],
      stoppedEarly: false,
      trainCount: 4,
      valCount: 1,
      testCount: 0,
      trainMs: 10,
      msPerEpoch: 10,
    });
    runs = nextRuns(runs, useTrainingStore.getState(), before)!;
    expect(runs[0]).toMatchObject({ runId: 'run-3', status: 'done' });

    // Train is pressed again, but a class has no images: the attempt never starts a run.
    const finished = useTrainingStore.getState();
    training.failRun('Add at least 1 image to every class before training.');
    expect(nextRuns(runs, useTrainingStore.getState(), finished)).toBeNull();
  });
});
