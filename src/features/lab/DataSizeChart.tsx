import { LabDisclosure } from './LabDisclosure';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { runDataSizeCurve } from '../../app/lab-actions';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { selectSourceTrainingBusy, useSourceModelStore } from '../../state/source-model-store';
import { useTrunkStore } from '../../state/trunk-store';
import { STRATEGY_INFO } from './strategy-info';
import { ChartTable, formatPercent } from '../charts/ChartTable';

interface SizeRow {
  label: string;
  perClass: number;
  'feature-extraction'?: number;
  scratch?: number;
}

/** Test accuracy against training images per class: where transfer learning matters most. */
export function DataSizeChart() {
  const { t } = useTranslation('lab');
  const dataSize = useLabStore((s) => s.dataSize);
  const labBusy = useLabStore(selectLabBusy);
  // Your own source model trains in the same worker: one task at a time.
  const sourceTraining = useSourceModelStore(selectSourceTrainingBusy);
  const busy = labBusy || sourceTraining;
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const rows = new Map<number, SizeRow>();
  for (const point of dataSize.points) {
    // The worker names the last step "all (N)" and the others by their number.
    const label = point.label === String(point.perClass) ? point.label : t('dataSize.all', { value: point.perClass });
    const row = rows.get(point.perClass) ?? { label, perClass: point.perClass };
    row[point.strategy as 'feature-extraction' | 'scratch'] = point.testAccuracy;
    rows.set(point.perClass, row);
  }
  const data = [...rows.values()].sort((a, b) => a.perClass - b.perClass);
  return (
    <LabDisclosure
      title={t('dataSize.heading')}
      label={t('dataSize.label')}
      testId="lab-datasize"
      forceOpen={dataSize.status === 'preparing' || dataSize.status === 'running'}
    >
      <p className="muted lab-explain">{t('dataSize.explain')}</p>
      <div className="row">
        <button type="button" data-testid="lab-datasize-run" disabled={busy || !trunkReady} onClick={() => void runDataSizeCurve()}>
          {t('dataSize.run')}
        </button>
        <span className="muted" data-testid="lab-datasize-status" data-status={dataSize.status}>
          {dataSize.status === 'preparing' && t('dataSize.preparing')}
          {dataSize.status === 'running' && t('dataSize.running', { count: dataSize.points.length })}
          {dataSize.status === 'done' && t('dataSize.done')}
          {dataSize.status === 'stopped' && dataSize.message}
        </span>
      </div>
      {dataSize.status === 'error' && dataSize.message && (
        <p role="alert" className="error" data-testid="lab-datasize-error">
          {dataSize.message}
        </p>
      )}
      {data.length > 0 && (
        <figure className="chart" data-testid="lab-datasize-chart" data-points={dataSize.points.length}>
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={data} margin={{ top: 8, right: 20, bottom: 16, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" label={{ value: t('dataSize.axis'), position: 'insideBottomRight', offset: -8 }} />
              <YAxis domain={[0, 1]} width={44} tickFormatter={(v: number) => t('units.percent', { value: Math.round(v * 100) })} />
              <Tooltip
                formatter={(value) => (typeof value === 'number' ? t('units.percent', { value: (value * 100).toFixed(1) }) : String(value))}
              />
              <Legend />
              {(['feature-extraction', 'scratch'] as const).map((id) => (
                <Line
                  key={id}
                  dataKey={id}
                  name={STRATEGY_INFO[id].label}
                  stroke={STRATEGY_INFO[id].color}
                  strokeWidth={2}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <ChartTable
            caption={t('dataSize.tableCaption')}
            columns={[
              { label: t('dataSize.perClass'), value: (r: SizeRow) => r.label },
              { label: STRATEGY_INFO['feature-extraction'].label, value: (r) => formatPercent(r['feature-extraction']) },
              { label: STRATEGY_INFO.scratch.label, value: (r) => formatPercent(r.scratch) },
            ]}
            rows={data}
            testId="lab-datasize-table"
          />
        </figure>
      )}
    </LabDisclosure>
  );
}
