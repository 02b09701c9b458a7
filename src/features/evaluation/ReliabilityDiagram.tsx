import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useRef } from 'react';
import type { CalibrationBin } from '../../ml/calibration';
import { useNearViewport } from '../../lib/useNearViewport';
import { ChartTable, formatPercent, type ChartTableColumn } from '../charts/ChartTable';

const BIN_COLUMNS: ChartTableColumn<BinRow>[] = [
  { label: 'Confidence', value: (r) => r.range },
  { label: 'Predictions', value: (r) => String(r.count) },
  { label: 'Mean confidence', value: (r) => formatPercent(r.confidence) },
  { label: 'Accuracy', value: (r) => formatPercent(r.accuracy) },
];

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
    <figure ref={figure} className="chart" data-testid="reliability-diagram" data-bins={bins.length} data-counted={bins.reduce((sum, b) => sum + b.count, 0)}>
      <figcaption>
        Reliability: accuracy vs. confidence per bin (expected calibration error {(expectedCalibrationError * 100).toFixed(1)} points)
      </figcaption>
      {near ? (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="range" tick={{ fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={44} />
            <YAxis domain={[0, 1]} width={48} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <Tooltip
              formatter={(value, name) => [typeof value === 'number' ? `${(value * 100).toFixed(0)}%` : '–', name]}
              labelFormatter={(label, payload) => `${String(label)}: ${payload?.[0]?.payload?.count ?? 0} predictions`}
            />
            <Legend />
            <Bar dataKey="confidence" name="mean confidence" fill="#9ca3af" isAnimationActive={false} />
            <Bar dataKey="accuracy" name="accuracy" fill="#2563eb" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <div style={{ height: 220 }} />
      )}
      <ChartTable caption="Accuracy and mean confidence per confidence bin" columns={BIN_COLUMNS} rows={rows} testId="reliability-table" />
    </figure>
  );
}
