import { useTranslation } from 'react-i18next';
import type { ThresholdPoint } from '../../ml/calibration';
import { useEvaluationStore } from '../../state/evaluation-store';

const DEFAULT_THRESHOLD = 0.6;

/**
 * The "unknown" threshold: below it, Try-it says "not sure" instead of naming a class. The
 * scored set shows what it costs (predictions left unanswered) and buys (accuracy of the rest).
 */
export function UnknownThreshold({ tradeoff, setLabel }: { tradeoff: ThresholdPoint[] | null; setLabel: string }) {
  const { t } = useTranslation('evaluation');
  const threshold = useEvaluationStore((s) => s.unknownThreshold);
  const setThreshold = useEvaluationStore((s) => s.setUnknownThreshold);
  const point = threshold === null || !tradeoff ? null : tradeoff[Math.round(threshold * 100)];
  return (
    <div className="unknown-threshold" data-testid="unknown-threshold">
      <label>
        <input
          type="checkbox"
          data-testid="unknown-threshold-enabled"
          checked={threshold !== null}
          onChange={(e) => setThreshold(e.target.checked ? DEFAULT_THRESHOLD : null)}
        />
        {t('threshold.enable')}
      </label>
      <input
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={threshold ?? DEFAULT_THRESHOLD}
        disabled={threshold === null}
        data-testid="unknown-threshold-slider"
        aria-label={t('threshold.slider')}
        onChange={(e) => setThreshold(Number(e.target.value))}
      />
      <strong data-testid="unknown-threshold-value">{threshold === null ? t('threshold.off') : `${Math.round(threshold * 100)}%`}</strong>
      {point && (
        <p className="muted" data-testid="unknown-threshold-effect">
          {point.accuracy !== null
            ? t('threshold.effectWithAccuracy', {
                setName: setLabel,
                answered: Math.round(point.coverage * 100),
                right: Math.round(point.accuracy * 100),
                unsure: Math.round((1 - point.coverage) * 100),
              })
            : t('threshold.effect', {
                setName: setLabel,
                answered: Math.round(point.coverage * 100),
                unsure: Math.round((1 - point.coverage) * 100),
              })}
        </p>
      )}
    </div>
  );
}
