import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { STRATEGY_IDS } from '../../ml/lab/lab-types';
import type { CurveMetric } from '../../ml/lab/transfer-benefits';
import { useLabStore, type StrategyRun } from '../../state/lab-store';
import { chartRows, promiseMarks, type XAxisMode } from './chart-rows';
import { STRATEGY_INFO } from './strategy-info';
import { ChartTable, formatNumber } from '../charts/ChartTable';

function unfreezeX(run: StrategyRun, mode: XAxisMode): number | null {
  if (run.unfrozenAfter === null) return null;
  if (mode === 'epoch') return run.unfrozenAfter;
  const times = run.seeds
    .map((s) => s.epochs.find((e) => e.epoch === run.unfrozenAfter)?.elapsedMs)
    .filter((t): t is number => t !== undefined);
  return times.length > 0 ? times.reduce((a, b) => a + b, 0) / times.length / 1000 : null;
}

/**
 * Validation accuracy (or loss) per epoch (or second) for every strategy that has run: the line
 * is the mean over seeds, the band their min-max. On accuracy, each curve carries its three
 * promises: a dot at epoch 1 (start), a dashed segment over the first five epochs (slope) and a
 * thick level over the last five (asymptote).
 */
export function ComparisonChart() {
  const { t } = useTranslation('lab');
  const runs = useLabStore((s) => s.runs);
  const [metric, setMetric] = useState<CurveMetric>('valAccuracy');
  const [mode, setMode] = useState<XAxisMode>('epoch');
  const shown = STRATEGY_IDS.map((id) => runs[id]).filter(
    (run): run is StrategyRun => run !== undefined && run.seeds.some((s) => s.epochs.length > 0),
  );
  const budget = Math.max(2, ...shown.map((run) => run.epochBudget));
  return (
    <figure
      className="chart lab-chart"
      data-testid="lab-chart"
      data-series={shown.map((r) => r.strategy).join(',')}
      data-metric={metric}
      data-x={mode}
    >
      <figcaption className="row">
        <span>
          {t(
            metric === 'valAccuracy'
              ? mode === 'epoch'
                ? 'chart.accuracyPerEpoch'
                : 'chart.accuracyPerSecond'
              : mode === 'epoch'
                ? 'chart.lossPerEpoch'
                : 'chart.lossPerSecond',
          )}
        </span>
        <span className="lab-toggles">
          <button
            type="button"
            data-testid="lab-metric-toggle"
            onClick={() => setMetric(metric === 'valAccuracy' ? 'valLoss' : 'valAccuracy')}
          >
            {t(metric === 'valAccuracy' ? 'chart.showLoss' : 'chart.showAccuracy')}
          </button>
          <button type="button" data-testid="lab-xaxis-toggle" onClick={() => setMode(mode === 'epoch' ? 'time' : 'epoch')}>
            {t(mode === 'epoch' ? 'chart.xAxisTime' : 'chart.xAxisEpochs')}
          </button>
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={320}>
        <ComposedChart margin={{ top: 8, right: 20, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={mode === 'epoch' ? [0, budget] : [0, 'auto']}
            allowDecimals={mode === 'time'}
            tickFormatter={(v: number) => (mode === 'epoch' ? String(v) : t('units.seconds', { value: v.toFixed(0) }))}
            label={{ value: t(mode === 'epoch' ? 'chart.epochAxis' : 'chart.secondsAxis'), position: 'insideBottomRight', offset: -8 }}
          />
          <YAxis
            domain={metric === 'valAccuracy' ? [0, 1] : [0, 'auto']}
            width={52}
            tickFormatter={(v: number) => (metric === 'valAccuracy' ? t('units.percent', { value: Math.round(v * 100) }) : v.toFixed(1))}
          />
          <Tooltip
            formatter={(value) =>
              Array.isArray(value)
                ? value.map((v) => Number(v).toFixed(3)).join(' – ')
                : typeof value === 'number'
                  ? value.toFixed(3)
                  : String(value)
            }
            labelFormatter={(x) =>
              mode === 'epoch' ? t('chart.epochTooltip', { epoch: String(x) }) : t('units.seconds', { value: Number(x).toFixed(1) })
            }
          />
          <Legend />
          {shown.map((run) => {
            const rows = chartRows(run, metric, mode);
            const { color, label } = STRATEGY_INFO[run.strategy];
            return [
              <Area
                key={`${run.strategy}-band`}
                data={rows}
                dataKey="band"
                stroke="none"
                fill={color}
                fillOpacity={0.15}
                isAnimationActive={false}
                legendType="none"
                name={t('chart.band', { label })}
                className={`lab-band lab-band-${run.strategy}`}
              />,
              // Fine-tuning repeats feature extraction until its blocks are unfrozen: dashed, so the two stay visible where they overlap.
              <Line
                key={`${run.strategy}-mean`}
                data={rows}
                dataKey="mean"
                name={label}
                stroke={color}
                strokeWidth={run.strategy === 'feature-extraction' ? 4 : 2}
                strokeDasharray={run.strategy === 'fine-tune' ? '7 4' : undefined}
                dot={false}
                isAnimationActive={false}
                className={`lab-series lab-series-${run.strategy}`}
              />,
            ];
          })}
          {metric === 'valAccuracy' &&
            shown.map((run) => {
              const marks = promiseMarks(run, mode);
              if (!marks) return null;
              const { color } = STRATEGY_INFO[run.strategy];
              return [
                <ReferenceLine
                  key={`${run.strategy}-slope`}
                  segment={marks.slope}
                  stroke={color}
                  strokeDasharray="5 4"
                  strokeWidth={1.5}
                  ifOverflow="extendDomain"
                  className={`lab-mark-slope lab-mark-slope-${run.strategy}`}
                />,
                <ReferenceLine
                  key={`${run.strategy}-asymptote`}
                  segment={marks.asymptote}
                  stroke={color}
                  strokeWidth={5}
                  strokeOpacity={0.45}
                  ifOverflow="extendDomain"
                  className={`lab-mark-asymptote lab-mark-asymptote-${run.strategy}`}
                />,
                <ReferenceDot
                  key={`${run.strategy}-start`}
                  x={marks.start.x}
                  y={marks.start.y}
                  r={5}
                  fill={color}
                  stroke="white"
                  ifOverflow="extendDomain"
                  className={`lab-mark-start lab-mark-start-${run.strategy}`}
                />,
              ];
            })}
          {shown.map((run) => {
            const x = unfreezeX(run, mode);
            return x === null ? null : (
              <ReferenceLine
                key={`${run.strategy}-unfreeze`}
                x={x}
                stroke={STRATEGY_INFO[run.strategy].color}
                strokeDasharray="2 3"
                label={{ value: t('chart.unfrozen'), position: 'insideTopLeft', fontSize: 11, fill: STRATEGY_INFO[run.strategy].color }}
              />
            );
          })}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartTable
        caption={t('chart.tableCaption')}
        columns={[
          { label: t('chart.strategy'), value: (r: { strategy: string; x: number; mean: number; band: [number, number] }) => r.strategy },
          { label: t(mode === 'epoch' ? 'chart.epoch' : 'chart.seconds'), value: (r) => (mode === 'epoch' ? String(r.x) : r.x.toFixed(1)) },
          { label: t('chart.mean'), value: (r) => formatNumber(r.mean) },
          { label: t('chart.lowest'), value: (r) => formatNumber(r.band[0]) },
          { label: t('chart.highest'), value: (r) => formatNumber(r.band[1]) },
        ]}
        rows={shown.flatMap((run) =>
          chartRows(run, metric, mode).map((row) => ({
            strategy: STRATEGY_INFO[run.strategy].label,
            x: row.x,
            mean: row.mean,
            band: row.band,
          })),
        )}
        testId="lab-chart-table"
      />
      <p className="muted lab-explain">{t('chart.explain')}</p>
    </figure>
  );
}
