import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CalibrationBin } from '../../ml/calibration';
import { useNearViewport } from '../../lib/useNearViewport';
import { ChartTable, formatPercent, type ChartTableColumn } from '../charts/ChartTable';

function binColumns(t: TFunction<'evaluation'>): ChartTableColumn<BinRow>[] {
  return [
    { label: t('reliability.confidence'), value: (r) => r.range },
    { label: t('reliability.predictions'), value: (r) => String(r.count) },
    { label: t('reliability.meanConfidenceColumn'), value: (r) => formatPercent(r.confidence) },
    { label: t('reliability.accuracyColumn'), value: (r) => formatPercent(r.accuracy) },
  ];
}

interface BinRow {
  range: string;
  accuracy: number | null;
  confidence: number | null;
  count: number;
}

/**
 * Per confidence bin, how often the model was right next to how sure it was: equal bars mean
 * well calibrated; accuracy below confidence means over-confident.
 */
export function ReliabilityDiagram({ bins, expectedCalibrationError }: { bins: CalibrationBin[]; expectedCalibrationError: number }) {
  const { t } = useTranslation('evaluation');
  const rows: BinRow[] = bins.map((bin) => ({
    range: `${Math.round(bin.lower * 100)}–${Math.round(bin.upper * 100)}%`,
    accuracy: bin.accuracy,
    confidence: bin.meanConfidence,
    count: bin.count,
  }));
  // Drawing the bar chart takes 100+ ms here; below the fold it waits until scrolled near.
  const figure = useRef<HTMLElement>(null);
  const near = useNearViewport(figure, '200px');
  return (
    <figure
      ref={figure}
      className="chart"
      data-testid="reliability-diagram"
      data-bins={bins.length}
      data-counted={bins.reduce((sum, b) => sum + b.count, 0)}
    >
      <figcaption>{t('reliability.caption', { points: (expectedCalibrationError * 100).toFixed(1) })}</figcaption>
      {near ? (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="range" tick={{ fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={44} />
            <YAxis domain={[0, 1]} width={48} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <Tooltip
              formatter={(value, name) => [typeof value === 'number' ? `${(value * 100).toFixed(0)}%` : '–', name]}
              labelFormatter={(label, payload) =>
                t('reliability.tooltipLabel', { range: String(label), count: Number(payload?.[0]?.payload?.count ?? 0) })
              }
            />
            <Legend />
            <Bar dataKey="confidence" name={t('reliability.meanConfidence')} fill="#9ca3af" isAnimationActive={false} />
            <Bar dataKey="accuracy" name={t('reliability.accuracy')} fill="#2563eb" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <div style={{ height: 220 }} />
      )}
      <ChartTable caption={t('reliability.tableCaption')} columns={binColumns(t)} rows={rows} testId="reliability-table" />
    </figure>
  );
}
