import { describe, expect, it } from 'vitest';
import type { LabEpoch } from './lab-types';
import { asymptoteOf, bandOf, meanTransferBenefits, transferBenefitsOf, slopeOf, startOf } from './transfer-benefits';

/** A curve from validation accuracies, index = epoch (index 0 = untrained). */
function curve(accuracies: number[], msPerEpoch = 100): LabEpoch[] {
  return accuracies.map((valAccuracy, epoch) => ({
    epoch,
    loss: epoch === 0 ? null : 1 - valAccuracy,
    accuracy: epoch === 0 ? null : valAccuracy,
    valLoss: 1 - valAccuracy,
    valAccuracy,
    elapsedMs: epoch * msPerEpoch,
    phase: 'head',
  }));
}

// A transferred model: jumps high, climbs a little, levels off at 0.95.
const TRANSFER = curve([0.2, 0.8, 0.85, 0.9, 0.92, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95]);
// Learning from scratch: starts near chance, climbs slowly, levels off at 0.5.
const SCRATCH = curve([0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);

describe('the three promises', () => {
  it('start is the validation accuracy after epoch 1', () => {
    expect(startOf(TRANSFER)).toBeCloseTo(0.8);
    expect(startOf(SCRATCH)).toBeCloseTo(0.25);
  });

  it('slope is the mean gain per epoch over the first five epochs, from the untrained model', () => {
    expect(slopeOf(TRANSFER)).toBeCloseTo((0.95 - 0.2) / 5);
    expect(slopeOf(SCRATCH)).toBeCloseTo((0.45 - 0.2) / 5);
  });

  it('asymptote is the mean validation accuracy over the last five epochs', () => {
    expect(asymptoteOf(TRANSFER)).toBeCloseTo(0.95);
    const rising = curve([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(asymptoteOf(rising)).toBeCloseTo((0.5 + 0.6 + 0.7 + 0.8 + 0.9) / 5);
  });

  it('transfer leads scratch on all three for the classic picture', () => {
    const transfer = transferBenefitsOf(TRANSFER)!;
    const scratch = transferBenefitsOf(SCRATCH)!;
    expect(transfer.start).toBeGreaterThan(scratch.start);
    expect(transfer.slope).toBeGreaterThan(scratch.slope);
    expect(transfer.asymptote).toBeGreaterThan(scratch.asymptote);
  });

  it('uses what a short curve has and ignores the order entries arrive in', () => {
    const short = curve([0.5, 0.6, 0.9]).reverse();
    expect(startOf(short)).toBeCloseTo(0.6);
    expect(slopeOf(short)).toBeCloseTo((0.9 - 0.5) / 2);
    expect(asymptoteOf(short)).toBeCloseTo(0.75);
  });

  it('has nothing to say before the first epoch or without the untrained measurement', () => {
    expect(transferBenefitsOf(curve([0.2]))).toBeNull();
    expect(slopeOf(curve([0.2, 0.5, 0.6]).slice(1))).toBeNull();
    expect(transferBenefitsOf([])).toBeNull();
  });

  it('averages seeds', () => {
    const a = curve([0.2, 0.6, 0.7, 0.8, 0.8, 0.8]);
    const b = curve([0.2, 0.8, 0.9, 1, 1, 1]);
    const both = meanTransferBenefits([a, b])!;
    expect(both.start).toBeCloseTo(0.7);
    expect(both.slope).toBeCloseTo(((0.8 - 0.2) / 5 + (1 - 0.2) / 5) / 2);
    expect(both.asymptote).toBeCloseTo(((0.6 + 0.7 + 0.8 + 0.8 + 0.8) / 5 + (0.8 + 0.9 + 1 + 1 + 1) / 5) / 2);
  });
});

describe('bandOf', () => {
  it('gives mean, min and max per epoch and the mean time', () => {
    const band = bandOf([curve([0.2, 0.6], 100), curve([0.2, 0.8], 300)], 'valAccuracy');
    expect(band).toHaveLength(2);
    expect(band[1]).toMatchObject({ epoch: 1, min: 0.6, max: 0.8, elapsedMs: 200, seeds: 2 });
    expect(band[1].mean).toBeCloseTo(0.7);
  });

  it('keeps epochs that only some seeds reached', () => {
    const band = bandOf([curve([0.2, 0.6, 0.7]), curve([0.2, 0.8])], 'valLoss');
    expect(band.map((b) => b.seeds)).toEqual([2, 2, 1]);
    expect(band[2].mean).toBeCloseTo(0.3);
  });
});
