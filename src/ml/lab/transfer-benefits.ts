import type { LabEpoch } from './lab-types';

/**
 * The three promises of transfer learning (Torrey & Shavlik): compared with learning from
 * scratch, a transferred model should have a higher start, a higher slope and a higher
 * asymptote. Each is measured on validation accuracy per epoch:
 * - start: validation accuracy after epoch 1;
 * - slope: mean gain per epoch over the first 5 epochs, (acc[5] - acc[0]) / 5, where epoch 0 is
 *   the untrained model measured before training (about chance level). Counting from epoch 0
 *   rather than epoch 1 keeps a fast starter's first leap in its slope: a run that reaches 90%
 *   in one epoch and stays there learned faster than one crawling from 30% to 50%;
 * - asymptote: mean validation accuracy over the last 5 epochs (where the curve levels off).
 * Curves shorter than the windows use what they have. Pure functions, no tfjs.
 */

export const SLOPE_EPOCHS = 5;
export const ASYMPTOTE_EPOCHS = 5;

export interface TransferBenefits {
  start: number;
  slope: number;
  asymptote: number;
}

function trainedEpochs(curve: readonly LabEpoch[]): LabEpoch[] {
  return curve.filter((e) => e.epoch >= 1).sort((a, b) => a.epoch - b.epoch);
}

/** Validation accuracy after the first epoch; null before any epoch has finished. */
export function startOf(curve: readonly LabEpoch[]): number | null {
  return trainedEpochs(curve)[0]?.valAccuracy ?? null;
}

/** Mean gain in validation accuracy per epoch over epochs 1..5, counted from epoch 0. */
export function slopeOf(curve: readonly LabEpoch[]): number | null {
  const untrained = curve.find((e) => e.epoch === 0);
  const trained = trainedEpochs(curve);
  if (!untrained || trained.length === 0) return null;
  const end = trained[Math.min(SLOPE_EPOCHS, trained.length) - 1];
  return (end.valAccuracy - untrained.valAccuracy) / end.epoch;
}

/** Mean validation accuracy over the last 5 epochs. */
export function asymptoteOf(curve: readonly LabEpoch[]): number | null {
  const trained = trainedEpochs(curve);
  if (trained.length === 0) return null;
  const tail = trained.slice(-ASYMPTOTE_EPOCHS);
  return tail.reduce((sum, e) => sum + e.valAccuracy, 0) / tail.length;
}

export function transferBenefitsOf(curve: readonly LabEpoch[]): TransferBenefits | null {
  const start = startOf(curve);
  const slope = slopeOf(curve);
  const asymptote = asymptoteOf(curve);
  return start === null || slope === null || asymptote === null ? null : { start, slope, asymptote };
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('mean() needs at least one value.');
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Each promise averaged over seeds (the mean of per-seed values, i.e. the promise of the mean curve). */
export function meanTransferBenefits(curves: readonly (readonly LabEpoch[])[]): TransferBenefits | null {
  const each = curves.map(transferBenefitsOf).filter((p): p is TransferBenefits => p !== null);
  if (each.length === 0) return null;
  return { start: mean(each.map((p) => p.start)), slope: mean(each.map((p) => p.slope)), asymptote: mean(each.map((p) => p.asymptote)) };
}

/** One point of a strategy's curve across seeds: the mean and the min-max band. */
export interface SeedBand {
  epoch: number;
  mean: number;
  min: number;
  max: number;
  /** Mean wall-clock time at this epoch, for the time axis. */
  elapsedMs: number;
  /** How many seeds reached this epoch (a run still going or stopped early has fewer). */
  seeds: number;
}

export type CurveMetric = 'valAccuracy' | 'valLoss';

/** Aggregates the seeds' curves epoch by epoch; epochs only some seeds reached use those seeds. */
export function bandOf(curves: readonly (readonly LabEpoch[])[], metric: CurveMetric): SeedBand[] {
  const byEpoch = new Map<number, LabEpoch[]>();
  for (const curve of curves) {
    for (const entry of curve) byEpoch.set(entry.epoch, [...(byEpoch.get(entry.epoch) ?? []), entry]);
  }
  return [...byEpoch.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epoch, entries]) => {
      const values = entries.map((e) => e[metric]);
      return {
        epoch,
        mean: mean(values),
        min: Math.min(...values),
        max: Math.max(...values),
        elapsedMs: mean(entries.map((e) => e.elapsedMs)),
        seeds: entries.length,
      };
    });
}
