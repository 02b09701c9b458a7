// Turns a strategy's runs (one curve per seed) into what the comparison chart draws: the mean
// line, the min-max band and where its three promises sit. Pure data.
import { ASYMPTOTE_EPOCHS, bandOf, SLOPE_EPOCHS, type CurveMetric, type SeedBand } from '../../ml/lab/transfer-benefits';
import type { StrategyRun } from '../../state/lab-store';

export type XAxisMode = 'epoch' | 'time';

export interface ChartRow {
  x: number;
  epoch: number;
  mean: number;
  band: [number, number];
}

export interface PromiseMarks {
  start: { x: number; y: number };
  slope: [{ x: number; y: number }, { x: number; y: number }];
  asymptote: [{ x: number; y: number }, { x: number; y: number }];
}

function xOf(point: SeedBand, mode: XAxisMode): number {
  return mode === 'epoch' ? point.epoch : point.elapsedMs / 1000;
}

export function chartRows(run: StrategyRun, metric: CurveMetric, mode: XAxisMode): ChartRow[] {
  return bandOf(
    run.seeds.map((s) => s.epochs),
    metric,
  ).map((point) => ({ x: xOf(point, mode), epoch: point.epoch, mean: point.mean, band: [point.min, point.max] }));
}

/**
 * The three promises drawn on the mean accuracy curve: a dot at epoch 1 (start), a segment
 * from epoch 0 to epoch 5 (slope) and a level over the last five epochs (asymptote). Null until
 * the curve has its first epoch.
 */
export function promiseMarks(run: StrategyRun, mode: XAxisMode): PromiseMarks | null {
  const band = bandOf(
    run.seeds.map((s) => s.epochs),
    'valAccuracy',
  );
  const zero = band.find((p) => p.epoch === 0);
  const trained = band.filter((p) => p.epoch >= 1);
  if (!zero || trained.length === 0) return null;
  const point = (p: SeedBand) => ({ x: xOf(p, mode), y: p.mean });
  const slopeEnd = trained[Math.min(SLOPE_EPOCHS, trained.length) - 1];
  const tail = trained.slice(-ASYMPTOTE_EPOCHS);
  const level = tail.reduce((sum, p) => sum + p.mean, 0) / tail.length;
  return {
    start: point(trained[0]),
    slope: [point(zero), point(slopeEnd)],
    asymptote: [
      { x: xOf(tail[0], mode), y: level },
      { x: xOf(tail[tail.length - 1], mode), y: level },
    ],
  };
}
