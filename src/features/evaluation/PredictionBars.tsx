import { useTranslation } from 'react-i18next';
import type { ClassProbability } from '../../app/model-actions';
import { isUnsure } from '../../ml/calibration';

export interface PredictionBarsProps {
  predictions: ClassProbability[];
  /** Below this top probability the verdict is "not sure"; null: always name the class. */
  threshold: number | null;
  latencyMs: number | null;
  workerMs?: number | null;
  testId?: string;
  /** Names the image the bars belong to, so a reader can tell a fresh result from the last one. */
  source?: string;
}

export function PredictionBars({ predictions, threshold, latencyMs, workerMs = null, testId = 'prediction', source }: PredictionBarsProps) {
  const { t } = useTranslation('evaluation');
  const best = predictions.reduce((a, b) => (b.probability > a.probability ? b : a), predictions[0]);
  const unsure = best !== undefined && isUnsure(best.probability, threshold);
  return (
    <div className="prediction" data-testid={testId} data-unsure={unsure} data-source={source}>
      <p>
        {t('prediction.label')}{' '}
        <strong data-testid="prediction-label" data-best-label={best?.label} className={unsure ? 'unsure' : undefined}>
          {unsure ? t('prediction.notSure') : best?.label}
        </strong>
        {unsure && best && (
          <span className="muted">
            {' '}
            {t('prediction.bestGuess', {
              label: best.label,
              percent: (best.probability * 100).toFixed(0),
              threshold: Math.round((threshold ?? 0) * 100),
            })}
          </span>
        )}
      </p>
      <ul className="bars">
        {predictions.map((p, i) => (
          <li key={i} data-testid="prediction-bar" data-label={p.label} data-probability={p.probability.toFixed(6)}>
            <span className="bar-label">{p.label}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${(p.probability * 100).toFixed(1)}%` }} />
            </span>
            <span className="bar-value">{(p.probability * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ul>
      {latencyMs !== null && (
        <p className="muted" data-testid="prediction-latency" data-ms={latencyMs.toFixed(1)}>
          {workerMs !== null
            ? t('prediction.latencyWorker', { ms: Math.round(latencyMs), workerMs: Math.round(workerMs) })
            : t('prediction.latencyFile', { ms: Math.round(latencyMs) })}
        </p>
      )}
    </div>
  );
}
