import { STEPS, type StepId } from './steps';

interface StepNavProps {
  current: StepId;
  onSelect: (step: StepId) => void;
}

/** One button per step; the current one is marked for screen readers (aria-current) and by shape, not only colour. */
export function StepNav({ current, onSelect }: StepNavProps) {
  return (
    <nav className="step-nav" aria-label="Steps">
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
              <span className="step-label">{step.label}</span>
              <span className="step-hint">{step.hint}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
