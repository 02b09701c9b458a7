import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useWhenIdle } from '../../lib/useWhenIdle';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTable, formatNumber, formatPercent, type ChartTableColumn } from '../charts/ChartTable';
import type { EpochLog } from '../../ml/train-config';
import { useStaggeredValues } from './useStaggeredValues';

/** While epochs stream in, one of the two charts redraws per interval, in turn. */
const REDRAW_INTERVAL_MS = 200;

interface CurveRow {
  epoch: number;
  /** Null only in the placeholder row of a chart that has no epochs yet. */
  train: number | null;
  validation: number | null;
}

/**
 * What a chart with no epochs yet is given: one row without values. It draws its axes and no
 * line, but its lines, axes and layers are mounted and registered in recharts' store. Without
 * it the first epoch's draw mounted them all (each registration draws the chart again): 25-40
 * ms, a long task on a slow laptop; now it is an update like the later ones (14-22 ms).
 */
const PLACEHOLDER_ROWS: CurveRow[] = [{ epoch: 1, train: null, validation: null }];

function toRows(epochs: EpochLog[], metric: 'loss' | 'accuracy'): CurveRow[] {
  return epochs.map((log) => ({
    epoch: log.epoch,
    train: metric === 'loss' ? log.loss : log.accuracy,
    validation: metric === 'loss' ? log.valLoss : log.valAccuracy,
  }));
}

/** About six round epoch numbers: given, not measured, so a redraw lays out no tick labels to thin them. */
function epochTicks(totalEpochs: number): number[] {
  const last = Math.max(totalEpochs, 2);
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => last / s <= 6) ?? Math.ceil(last / 6);
  const ticks = [1];
  for (let t = step; t <= last; t += step) if (t > 1) ticks.push(t);
  return ticks;
}

interface ValueAxis {
  domain: [number, number];
  ticks: number[];
}

const ACCURACY_AXIS: ValueAxis = { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };

/**
 * 0 up to a round number above the largest loss, in at most five steps. Computed here because
 * recharts' own 'auto' domain runs decimal arithmetic that was a third of each redraw.
 */
function lossAxis(rows: CurveRow[]): ValueAxis {
  const largest = Math.max(0, ...rows.flatMap((r) => [r.train ?? 0, r.validation ?? 0]).filter(Number.isFinite));
  if (largest === 0) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  const step = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((st) => largest / st <= 5) ?? magnitude * 10;
  const steps = Math.ceil(largest / step - 1e-9);
  const ticks = Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(6)));
  return { domain: [0, ticks[ticks.length - 1]], ticks };
}

// Every prop but the rows is a constant or memoised: recharts 3 copies axis and tooltip settings
// into its store whenever their identity changes, and each copy costs another pass over the chart.
const CHART_MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };
const formatTick = (v: number) => v.toFixed(2);
const formatValue = (value: unknown) => (typeof value === 'number' ? value.toFixed(3) : String(value));

/** Memoised: a chart whose rows did not change is not redrawn when the other one is. */
const MetricChart = memo(function MetricChart({
  title,
  rows,
  totalEpochs,
  axis,
  testId,
}: {
  title: string;
  rows: CurveRow[];
  totalEpochs: number;
  axis: ValueAxis;
  testId: string;
}) {
  const epochDomain = useMemo(() => [1, Math.max(totalEpochs, 2)], [totalEpochs]);
  const ticks = useMemo(() => epochTicks(totalEpochs), [totalEpochs]);
  const hasRows = rows.length > 0;
  const { t } = useTranslation('training');
  const epochLabel = useMemo(() => ({ value: t('chart.epochAxis'), position: 'insideBottomRight', offset: -4 }) as const, [t]);
  return (
    <figure className="chart" data-testid={testId} data-points={rows.length}>
      <figcaption>
        {title} <span className="chart-key chart-key-train">{t('chart.training')}</span>{' '}
        <span className="chart-key chart-key-validation">{t('chart.validation')}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={hasRows ? rows : PLACEHOLDER_ROWS} margin={CHART_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" type="number" domain={epochDomain} ticks={ticks} niceTicks="none" interval={0} label={epochLabel} />
          <YAxis
            type="number"
            domain={axis.domain}
            ticks={axis.ticks}
            niceTicks="none"
            width={44}
            interval={0}
            tickFormatter={formatTick}
          />
          <Tooltip formatter={formatValue} active={hasRows ? undefined : false} />
          <Line type="monotone" dataKey="train" name={t('chart.training')} stroke="#2563eb" dot={false} isAnimationActive={false} />
          {/* Dashed as well as orange: the two lines differ by more than colour. */}
          <Line
            type="monotone"
            dataKey="validation"
            name={t('chart.validation')}
            stroke="#ea580c"
            strokeDasharray="6 3"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

/** The learning curves' text alternative: every epoch's four values. */
function useEpochColumns(): ChartTableColumn<EpochLog>[] {
  const { t } = useTranslation('training');
  return useMemo(
    () => [
      { label: t('chart.columnEpoch'), value: (e) => String(e.epoch) },
      { label: t('chart.columnTrainingLoss'), value: (e) => formatNumber(e.loss) },
      { label: t('chart.columnValidationLoss'), value: (e) => formatNumber(e.valLoss) },
      { label: t('chart.columnTrainingAccuracy'), value: (e) => formatPercent(e.accuracy) },
      { label: t('chart.columnValidationAccuracy'), value: (e) => formatPercent(e.valAccuracy) },
    ],
    [t],
  );
}

/** Rows shaped like a real run's (both lines, a falling loss): what a warm-up draw goes through. */
const WARMUP_EPOCHS = 12;
const WARMUP_ROWS: CurveRow[] = Array.from({ length: WARMUP_EPOCHS }, (_, i) => ({
  epoch: i + 1,
  train: 1.5 / (i + 1),
  validation: 1.6 / (i + 1),
}));
const WARMUP_AXIS = lossAxis(WARMUP_ROWS);

/**
 * One hidden draw of a chart with data, made while the page is idle before the first training.
 * The first draw with data runs recharts' code for the first time (parse, compile, cold inline
 * caches): here that made it 45-50 ms, a long task in the middle of training, where later draws
 * take 15-20 ms. Done early, that cost lands while nobody waits. The chart stays mounted, hidden
 * and out of the accessibility tree: unmounting it would only be more work.
 */
function ChartWarmup() {
  const idle = useWhenIdle();
  if (!idle) return null;
  return (
    <div className="chart-warmup" aria-hidden="true" inert>
      <MetricChart title="" testId="chart-warmup" rows={WARMUP_ROWS} totalEpochs={WARMUP_EPOCHS} axis={WARMUP_AXIS} />
    </div>
  );
}

/**
 * Loss and accuracy per epoch, training and validation, redrawn a few times a second while
 * epochs arrive: the two charts take turns, so the page never spends one long task on both.
 */
export function LearningCurveChart({ epochs, totalEpochs }: { epochs: EpochLog[]; totalEpochs: number }) {
  const [lossEpochs, accuracyEpochs] = useStaggeredValues(epochs, 2, REDRAW_INTERVAL_MS);
  const lossRows = useMemo(() => toRows(lossEpochs, 'loss'), [lossEpochs]);
  const latestLossAxis = lossAxis(lossRows);
  // Keyed by the ticks: the axis object changes only when the axis does.
  const lossAxisOfRows = useMemo(() => latestLossAxis, [latestLossAxis.ticks.join(' ')]);
  const accuracyRows = useMemo(() => toRows(accuracyEpochs, 'accuracy'), [accuracyEpochs]);
  const epochColumns = useEpochColumns();
  const { t } = useTranslation('training');
  // data-epochs: what the charts are showing or about to show (each chart's data-points: what it has drawn).
  return (
    <div className="charts" data-testid="learning-curve-chart" data-epochs={epochs.length}>
      <MetricChart title={t('chart.loss')} testId="loss-chart" rows={lossRows} totalEpochs={totalEpochs} axis={lossAxisOfRows} />
      <MetricChart title={t('chart.accuracy')} testId="accuracy-chart" rows={accuracyRows} totalEpochs={totalEpochs} axis={ACCURACY_AXIS} />
      <ChartTable caption={t('chart.tableCaption')} columns={epochColumns} rows={epochs} testId="learning-curve-table" />
      <ChartWarmup />
    </div>
  );
}
