import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTrainingStore, DEFAULT_TRAINING_SETTINGS, TEACHABLE_MACHINE_SETTINGS } from '../../state/training-store';
import type { NumericTrainingSetting } from '../../protocol';

interface Field {
  key: NumericTrainingSetting;
  min: number;
  max: number;
  step: number;
}

const SWITCHES = ['mirrorViews', 'finalFit'] as const;

const FIELDS: Field[] = [
  { key: 'epochs', min: 1, max: 500, step: 1 },
  { key: 'batchSize', min: 1, max: 512, step: 1 },
  { key: 'learningRate', min: 0.00001, max: 1, step: 0.0001 },
  { key: 'hiddenUnits', min: 1, max: 1024, step: 1 },
  { key: 'valFraction', min: 0, max: 0.5, step: 0.05 },
  { key: 'testFraction', min: 0, max: 0.5, step: 0.05 },
  { key: 'seed', min: 0, max: 2 ** 31 - 1, step: 1 },
];

/** Memoised: the training panel redraws at every epoch, and these inputs do not change then. */
export const AdvancedSettings = memo(function AdvancedSettings({ disabled }: { disabled: boolean }) {
  const settings = useTrainingStore((s) => s.settings);
  const updateSettings = useTrainingStore((s) => s.updateSettings);
  const { t } = useTranslation('training');
  return (
    <details className="advanced" data-testid="advanced-settings">
      <summary data-testid="advanced-toggle">{t('settings.advanced')}</summary>
      <div className="fields">
        {FIELDS.map((field) => (
          <label key={field.key} title={t(`settings.${field.key}Help`)}>
            {t(`settings.${field.key}`)}
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
                  const integer =
                    field.key === 'learningRate' || field.key === 'valFraction' || field.key === 'testFraction'
                      ? clamped
                      : Math.round(clamped);
                  updateSettings({ [field.key]: integer });
                }
              }}
            />
          </label>
        ))}
        {SWITCHES.map((key) => (
          <label key={key} className="switch" title={t(`settings.${key}Help`)}>
            <input
              data-testid={`setting-${key}`}
              type="checkbox"
              disabled={disabled}
              checked={settings[key]}
              onChange={(e) => updateSettings({ [key]: e.target.checked })}
            />
            {t(`settings.${key}`)}
          </label>
        ))}
        <button type="button" data-testid="settings-reset" disabled={disabled} onClick={() => updateSettings(DEFAULT_TRAINING_SETTINGS)}>
          {t('settings.reset')}
        </button>
        <button
          type="button"
          data-testid="settings-teachable-machine"
          disabled={disabled}
          onClick={() => updateSettings(TEACHABLE_MACHINE_SETTINGS)}
        >
          {t('settings.teachableMachine')}
        </button>
      </div>
    </details>
  );
});
