import { useTranslation } from 'react-i18next';
import { STEPS, type StepId } from './steps';

interface StepNavProps {
  current: StepId;
  onSelect: (step: StepId) => void;
}

/** One button per step; the current one is marked for screen readers (aria-current) and by shape, not only colour. */
export function StepNav({ current, onSelect }: StepNavProps) {
  const { t } = useTranslation('shell');
  return (
    <nav className="step-nav" aria-label={t('stepsNav')}>
      <ol>
        {STEPS.map((step, index) => (
          <li key={step.id}>
            <button
              type="button"
              data-testid={`step-${step.id}`}
              aria-current={step.id === current ? 'step' : undefined}
              className={step.id === current ? 'step current' : 'step'}
              onClick={() => onSelect(step.id)}
            >
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              <span className="step-label">{t(`steps.${step.id}.label`)}</span>
              <span className="step-hint">{t(`steps.${step.id}.hint`)}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
