import { useMemo } from 'react';
import type { EpochLog } from '../../ml/train-config';
import { CurvePlot, type CurveSeries } from './CurvePlot';

const TRAINING_COLOR = '#2563eb';
const VALIDATION_COLOR = '#ea580c';
const LOSS_DOMAIN: [number, 'auto'] = [0, 'auto'];
const ACCURACY_DOMAIN: [number, number] = [0, 1];
const twoDecimals = (value: number) => value.toFixed(2);

function curves(epochs: EpochLog[], metric: 'loss' | 'accuracy'): CurveSeries[] {
  return [
    { name: 'training', color: TRAINING_COLOR, values: epochs.map((log) => (metric === 'loss' ? log.loss : log.accuracy)) },
    { name: 'validation', color: VALIDATION_COLOR, values: epochs.map((log) => (metric === 'loss' ? log.valLoss : log.valAccuracy)) },
  ];
}

/** Loss and accuracy per epoch, training and validation; redrawn as each epoch arrives. */
export function LearningCurveChart({ epochs, totalEpochs }: { epochs: EpochLog[]; totalEpochs: number }) {
  const loss = useMemo(() => curves(epochs, 'loss'), [epochs]);
  const accuracy = useMemo(() => curves(epochs, 'accuracy'), [epochs]);
  return (
    <div className="charts" data-testid="learning-curve-chart" data-epochs={epochs.length}>
      <CurvePlot title="Loss" testId="loss-chart" series={loss} totalEpochs={totalEpochs} domain={LOSS_DOMAIN} format={twoDecimals} />
      <CurvePlot title="Accuracy" testId="accuracy-chart" series={accuracy} totalEpochs={totalEpochs} domain={ACCURACY_DOMAIN} format={twoDecimals} />
    </div>
  );
}
