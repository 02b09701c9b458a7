import { memo } from 'react';
import { useTrainingStore, DEFAULT_TRAINING_SETTINGS, type TrainingSettings } from '../../state/training-store';

interface Field {
  key: keyof TrainingSettings;
  label: string;
  min: number;
  max: number;
  step: number;
  help: string;
}

const FIELDS: Field[] = [
  { key: 'epochs', label: 'Epochs', min: 1, max: 500, step: 1, help: 'Passes over the training images.' },
  { key: 'batchSize', label: 'Batch size', min: 1, max: 512, step: 1, help: 'Images per weight update.' },
  { key: 'learningRate', label: 'Learning rate', min: 0.00001, max: 1, step: 0.0001, help: 'Step size of the Adam optimizer.' },
  { key: 'hiddenUnits', label: 'Hidden units', min: 1, max: 1024, step: 1, help: 'Neurons in the dense layer on top of the trunk.' },
  { key: 'valFraction', label: 'Validation share', min: 0, max: 0.5, step: 0.05, help: 'Share of each class held out to check the model (stratified).' },
  { key: 'testFraction', label: 'Test share', min: 0, max: 0.5, step: 0.05, help: 'Share of each class kept aside and never used in training, for an honest final score.' },
  { key: 'seed', label: 'Seed', min: 0, max: 2 ** 31 - 1, step: 1, help: 'Same seed, same split and same result.' },
];

/** Memoised: the training panel redraws at every epoch, and these inputs do not change then. */
export const AdvancedSettings = memo(function AdvancedSettings({ disabled }: { disabled: boolean }) {
  const settings = useTrainingStore((s) => s.settings);
  const updateSettings = useTrainingStore((s) => s.updateSettings);
  return (
    <details className="advanced" data-testid="advanced-settings">
      <summary data-testid="advanced-toggle">Advanced</summary>
      <div className="fields">
        {FIELDS.map((field) => (
          <label key={field.key} title={field.help}>
            {field.label}
            <input
              data-testid={`setting-${field.key}`}
              type="number"
              min={field.min}
              max={field.max}
              step={field.step}
              disabled={disabled}
              value={settings[field.key]}
              onChange={(e) => {
                const value = Number(e.target.value);
                if (Number.isFinite(value) && e.target.value !== '') {
                  const clamped = Math.min(field.max, Math.max(field.min, value));
                  const integer = field.key === 'learningRate' || field.key === 'valFraction' || field.key === 'testFraction' ? clamped : Math.round(clamped);
                  updateSettings({ [field.key]: integer });
                }
              }}
            />
          </label>
        ))}
        <button type="button" disabled={disabled} onClick={() => updateSettings(DEFAULT_TRAINING_SETTINGS)}>
          Reset to Teachable Machine's defaults
        </button>
      </div>
    </details>
  );
});
