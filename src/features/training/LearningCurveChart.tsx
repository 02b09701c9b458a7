import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochLog } from '../../ml/train-config';

interface CurveRow {
  epoch: number;
  train: number;
  validation: number | null;
}

function toRows(epochs: EpochLog[], metric: 'loss' | 'accuracy'): CurveRow[] {
  return epochs.map((log) => ({
    epoch: log.epoch,
    train: metric === 'loss' ? log.loss : log.accuracy,
    validation: metric === 'loss' ? log.valLoss : log.valAccuracy,
  }));
}

function MetricChart({ title, rows, totalEpochs, domain, testId }: { title: string; rows: CurveRow[]; totalEpochs: number; domain: [number, number | 'auto']; testId: string }) {
  return (
    <figure className="chart" data-testid={testId} data-points={rows.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" type="number" domain={[1, Math.max(totalEpochs, 2)]} allowDecimals={false} label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
          <YAxis domain={domain} width={44} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} />
          <Legend />
          <Line type="monotone" dataKey="train" name="training" stroke="#2563eb" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="validation" name="validation" stroke="#ea580c" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Loss and accuracy per epoch, training and validation; redrawn as each epoch arrives. */
export function LearningCurveChart({ epochs, totalEpochs }: { epochs: EpochLog[]; totalEpochs: number }) {
  return (
    <div className="charts" data-testid="learning-curve-chart" data-epochs={epochs.length}>
      <MetricChart title="Loss" testId="loss-chart" rows={toRows(epochs, 'loss')} totalEpochs={totalEpochs} domain={[0, 'auto']} />
      <MetricChart title="Accuracy" testId="accuracy-chart" rows={toRows(epochs, 'accuracy')} totalEpochs={totalEpochs} domain={[0, 1]} />
    </div>
  );
}
