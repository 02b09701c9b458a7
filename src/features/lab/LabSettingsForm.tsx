import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import type { LabSettings } from '../../ml/lab/lab-types';
import { useLabStore } from '../../state/lab-store';

/** The settings with a number box; their label and help are `lab:settings.<key>.label/.help`. */
type FieldKey = Exclude<keyof LabSettings, 'fineTuneBlocks'>;

interface Field {
  key: FieldKey;
  min: number;
  max: number;
  step: number;
  integer: boolean;
}

const MAIN_FIELDS: Field[] = [
  { key: 'epochs', min: 2, max: 200, step: 1, integer: true },
  { key: 'seeds', min: 1, max: 10, step: 1, integer: true },
];

const MORE_FIELDS: Field[] = [
  { key: 'batchSize', min: 1, max: 512, step: 1, integer: true },
  { key: 'headLearningRate', min: 0.00001, max: 1, step: 0.0001, integer: false },
  { key: 'fineTuneLearningRate', min: 0.0000001, max: 0.1, step: 0.000001, integer: false },
  { key: 'fineTuneRateSteps', min: 1, max: 4, step: 1, integer: true },
  { key: 'scratchLearningRate', min: 0.00001, max: 1, step: 0.0001, integer: false },
  { key: 'scratchImageSize', min: 16, max: 224, step: 16, integer: true },
  { key: 'randomWeightsImageSize', min: 32, max: 224, step: 32, integer: true },
  { key: 'valFraction', min: 0.05, max: 0.5, step: 0.05, integer: false },
  { key: 'testFraction', min: 0.05, max: 0.5, step: 0.05, integer: false },
  { key: 'hiddenUnits', min: 1, max: 1024, step: 1, integer: true },
  { key: 'baseSeed', min: 0, max: 2 ** 31 - 1, step: 1, integer: true },
];

function NumberField({ field, disabled }: { field: Field; disabled: boolean }) {
  const { t } = useTranslation('lab');
  const help = t(`settings.${field.key}.help`);
  const value = useLabStore((s) => s.settings[field.key]);
  const updateSettings = useLabStore((s) => s.updateSettings);
  return (
    <label title={help}>
      {t(`settings.${field.key}.label`)}
      <input
        data-testid={`lab-setting-${field.key}`}
        type="number"
        min={field.min}
        max={field.max}
        step={field.step}
        disabled={disabled}
        value={value}
        onChange={(e) => {
          const parsed = Number(e.target.value);
          if (e.target.value === '' || !Number.isFinite(parsed)) return;
          let next = Math.min(field.max, Math.max(field.min, parsed));
          if (field.integer) next = Math.round(next);
          if (field.step > 1) next = Math.max(field.min, Math.round(next / field.step) * field.step);
          updateSettings({ [field.key]: next });
        }}
      />
      <span className="muted lab-explain">{help}</span>
    </label>
  );
}

function kilobytes(floats: number, t: TFunction<'lab'>): string {
  const kb = (floats * 4) / 1024;
  return kb >= 1024 ? t('units.megabytes', { value: (kb / 1024).toFixed(1) }) : t('units.kilobytes', { value: Math.round(kb) });
}

/** The fine-tune depth: how many units, counted from the top, are unfrozen. */
function FineTuneSlider({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('lab');
  const blocks = useLabStore((s) => s.blocks);
  const units = useLabStore((s) => s.settings.fineTuneBlocks);
  const updateSettings = useLabStore((s) => s.updateSettings);
  const available = blocks?.unitNames.length ?? 0;
  if (!blocks || available === 0) {
    return (
      <p className="muted" data-testid="lab-finetune-unavailable">
        {blocks ? t('settings.noBlocks') : t('settings.loadTrunk')}
      </p>
    );
  }
  const names = blocks.unitNames.slice(0, units);
  const all = units === available;
  return (
    <label className="lab-slider">
      <span>
        <Trans
          t={t}
          i18nKey={all ? 'settings.fineTuneAll' : 'settings.fineTuneTop'}
          values={{ units, available, names: names.join(', ') }}
          components={{ n: <strong data-testid="lab-finetune-count" /> }}
        />
      </span>
      <input
        data-testid="lab-finetune-blocks"
        type="range"
        min={1}
        max={available}
        step={1}
        value={Math.min(units, available)}
        disabled={disabled}
        onChange={(e) => updateSettings({ fineTuneBlocks: Number(e.target.value) })}
      />
      <span className="muted lab-explain">
        {t('settings.fineTuneExplain', { size: kilobytes(blocks.floatsPerImage[units - 1] ?? 0, t) })}
      </span>
    </label>
  );
}

export function LabSettingsForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('lab');
  return (
    <div className="lab-settings">
      <FineTuneSlider disabled={disabled} />
      <div className="lab-fields">
        {MAIN_FIELDS.map((field) => (
          <NumberField key={field.key} field={field} disabled={disabled} />
        ))}
      </div>
      <details className="advanced" data-testid="lab-more-settings">
        <summary data-testid="lab-more-settings-toggle">{t('settings.moreSettings')}</summary>
        <div className="lab-fields">
          {MORE_FIELDS.map((field) => (
            <NumberField key={field.key} field={field} disabled={disabled} />
          ))}
        </div>
      </details>
    </div>
  );
}
