import { describe, expect, it } from 'vitest';
import { readRunRecord, readTrainingSettings } from './project-schema';
import { SchemaError } from './guards';
import { V1_SETTINGS } from './project-db-v1.fixture';

/** Settings as every release before the switches saved them. */
const BEFORE_SWITCHES = V1_SETTINGS;

describe('readTrainingSettings', () => {
  it("opens settings saved before the mirror-view and final-fit switches existed with today's defaults", () => {
    // The defaults of src/state/training-store.ts (training-store.test.ts checks the two agree).
    expect(readTrainingSettings(BEFORE_SWITCHES, 'settings')).toEqual({ ...BEFORE_SWITCHES, mirrorViews: false, finalFit: true });
  });

  it('keeps switches that were saved, and refuses a switch that is not true or false', () => {
    expect(readTrainingSettings({ ...BEFORE_SWITCHES, mirrorViews: true, finalFit: false }, 's')).toMatchObject({
      mirrorViews: true,
      finalFit: false,
    });
    expect(() => readTrainingSettings({ ...BEFORE_SWITCHES, mirrorViews: 'yes' }, 'settings')).toThrow(SchemaError);
    expect(() => readTrainingSettings({ ...BEFORE_SWITCHES, mirrorViews: 'yes' }, 'settings')).toThrow(/settings\.mirrorViews/);
  });
});

describe('readRunRecord', () => {
  const run = {
    runId: 'run-1',
    status: 'done',
    startedAt: '2026-12-04T00:00:00.000Z',
    labels: ['a', 'b'],
    settings: BEFORE_SWITCHES,
    totalEpochs: 1,
    epochs: [{ epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.7, elapsedMs: 3 }],
    message: null,
  };
  const outcome = { stoppedEarly: false, trainCount: 8, valCount: 2, testCount: 0, trainMs: 40, msPerEpoch: 40 };

  it("reads a run's final fit and mirror views back, and an outcome saved before them without", () => {
    const withFit = { ...outcome, mirrorViews: true, finalFit: { examples: 20, epochs: 1, ms: 12 } };
    expect(readRunRecord({ ...run, outcome: withFit }, 'run').outcome).toEqual(withFit);
    expect(readRunRecord({ ...run, outcome }, 'run').outcome).toEqual(outcome);
  });

  it('refuses a final fit with a negative count', () => {
    expect(() => readRunRecord({ ...run, outcome: { ...outcome, finalFit: { examples: -1, epochs: 1, ms: 1 } } }, 'run')).toThrow(
      /run\.outcome\.finalFit\.examples/,
    );
  });
});
