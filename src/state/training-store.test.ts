import { beforeEach, describe, expect, it } from 'vitest';
import { readTrainingSettings } from '../lib/project-schema';
import { DEFAULT_TRAINING_SETTINGS, TEACHABLE_MACHINE_SETTINGS, useTrainingStore } from './training-store';

const summary = { runId: 'run-1', epochs: [], stoppedEarly: false, trainCount: 10, valCount: 2, testCount: 0, trainMs: 5, msPerEpoch: 1 };

describe('engineStopped (the ML worker ended)', () => {
  beforeEach(() => useTrainingStore.setState(useTrainingStore.getInitialState(), true));

  it('ends a run in progress with the message, so Train is possible again', () => {
    useTrainingStore.getState().startRun('run-1', 50);
    useTrainingStore.getState().engineStopped('cut short');
    expect(useTrainingStore.getState()).toMatchObject({ status: 'error', runId: null, message: 'cut short', modelReady: false });
  });

  it('keeps a finished run on show but drops its model, which lived in the worker', () => {
    useTrainingStore.getState().startRun('run-1', 50);
    useTrainingStore.getState().finishRun(summary);
    useTrainingStore.getState().engineStopped('cut short');
    expect(useTrainingStore.getState()).toMatchObject({ status: 'done', summary, message: null, modelReady: false });
  });

  it('leaves the settings as they were', () => {
    useTrainingStore.getState().updateSettings({ epochs: 500, batchSize: 1 });
    useTrainingStore.getState().startRun('run-1', 500);
    useTrainingStore.getState().engineStopped('cut short');
    expect(useTrainingStore.getState().settings).toMatchObject({ epochs: 500, batchSize: 1 });
  });
});

describe('DEFAULT_TRAINING_SETTINGS', () => {
  it('is what a project saved before the mirror-view and final-fit switches opens with', () => {
    const { mirrorViews: _mirror, finalFit: _finalFit, ...older } = DEFAULT_TRAINING_SETTINGS;
    expect(readTrainingSettings(older, 'settings')).toEqual(DEFAULT_TRAINING_SETTINGS);
  });

  it("differs from Teachable Machine's recipe only by the test share and the final fit", () => {
    expect({ ...DEFAULT_TRAINING_SETTINGS, testFraction: 0, finalFit: false }).toEqual(TEACHABLE_MACHINE_SETTINGS);
  });
});
