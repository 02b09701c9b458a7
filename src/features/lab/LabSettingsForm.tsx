import type { LabSettings } from '../../ml/lab/lab-types';
import { useLabStore } from '../../state/lab-store';

interface Field {
  key: keyof LabSettings;
  label: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  help: string;
}

const MAIN_FIELDS: Field[] = [
  { key: 'epochs', label: 'Epochs', min: 2, max: 200, step: 1, integer: true, help: 'Every strategy gets the same number of passes over the training images: a fair race.' },
  { key: 'seeds', label: 'Seeds', min: 1, max: 10, step: 1, integer: true, help: 'Each strategy runs this many times from different random starts; the shaded band shows how much the result varies.' },
];

const MORE_FIELDS: Field[] = [
  { key: 'batchSize', label: 'Batch size', min: 1, max: 512, step: 1, integer: true, help: 'Images per weight update, the same for every strategy.' },
  { key: 'headLearningRate', label: 'Head learning rate', min: 0.00001, max: 1, step: 0.0001, integer: false, help: 'Step size while only the head trains.' },
  { key: 'fineTuneLearningRate', label: 'Fine-tune learning rate (lowest)', min: 0.0000001, max: 0.1, step: 0.000001, integer: false, help: 'The smallest step size tried once blocks are unfrozen: small, so the pretrained weights are nudged, not destroyed.' },
  { key: 'fineTuneRateSteps', label: 'Fine-tune rates tried', min: 1, max: 4, step: 1, integer: true, help: 'The first fine-tuning epoch tries this many step sizes (the lowest, 10 times it, 100 times it…) and keeps the one that does best on the validation photos.' },
  { key: 'scratchLearningRate', label: 'Scratch learning rate', min: 0.00001, max: 1, step: 0.0001, integer: false, help: 'Step size of the two strategies that start from random weights.' },
  { key: 'scratchImageSize', label: 'Scratch image px', min: 16, max: 224, step: 16, integer: true, help: 'The small CNN sees photos shrunk to this size (a multiple of 16).' },
  { key: 'randomWeightsImageSize', label: 'Random-weights px', min: 32, max: 224, step: 32, integer: true, help: 'MobileNet from random weights trains on photos shrunk to this size (a multiple of 32) so it fits the time budget.' },
  { key: 'valFraction', label: 'Validation share', min: 0.05, max: 0.5, step: 0.05, integer: false, help: 'Share of each class the curves are measured on.' },
  { key: 'testFraction', label: 'Test share', min: 0.05, max: 0.5, step: 0.05, integer: false, help: 'Share of each class kept for the final, honest test score.' },
  { key: 'hiddenUnits', label: 'Head units', min: 1, max: 1024, step: 1, integer: true, help: 'Neurons in the dense head every strategy ends in.' },
  { key: 'baseSeed', label: 'Seed', min: 0, max: 2 ** 31 - 1, step: 1, integer: true, help: 'Fixes the split and the first run; run i uses seed + i.' },
];

function NumberField({ field, disabled }: { field: Field; disabled: boolean }) {
  const value = useLabStore((s) => s.settings[field.key]);
  const updateSettings = useLabStore((s) => s.updateSettings);
  return (
    <label title={field.help}>
      {field.label}
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
      <span className="muted lab-explain">{field.help}</span>
    </label>
  );
}

function kilobytes(floats: number): string {
  const kb = (floats * 4) / 1024;
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb)} KB`;
}

/** The fine-tune depth: how many units, counted from the top, are unfrozen. */
function FineTuneSlider({ disabled }: { disabled: boolean }) {
  const blocks = useLabStore((s) => s.blocks);
  const units = useLabStore((s) => s.settings.fineTuneBlocks);
  const updateSettings = useLabStore((s) => s.updateSettings);
  const available = blocks?.unitNames.length ?? 0;
  if (!blocks || available === 0) {
    return <p className="muted" data-testid="lab-finetune-unavailable">{blocks ? 'This trunk is not a MobileNet, so it has no blocks to fine-tune.' : 'Load a trunk to see its blocks.'}</p>;
  }
  const names = blocks.unitNames.slice(0, units);
  const all = units === available;
  return (
    <label className="lab-slider">
      <span>
        Fine-tune the top <strong data-testid="lab-finetune-count">{units}</strong> of {available} blocks
        {all ? ' (all of them: a full fine-tune)' : ''}: {names.join(', ')}
      </span>
      <input data-testid="lab-finetune-blocks" type="range" min={1} max={available} step={1} value={Math.min(units, available)} disabled={disabled} onChange={(e) => updateSettings({ fineTuneBlocks: Number(e.target.value) })} />
      <span className="muted lab-explain">
        Blocks are counted from the top, where the most specialised features live. More unfrozen blocks let more of the model adapt to your photos, but each step is slower and a small dataset is easier to overfit.
        The frozen part runs once per photo and its output is kept ({kilobytes(blocks.floatsPerImage[units - 1] ?? 0)} per photo), so each training step runs only the unfrozen top.
      </span>
    </label>
  );
}

export function LabSettingsForm({ disabled }: { disabled: boolean }) {
  return (
    <div className="lab-settings">
      <FineTuneSlider disabled={disabled} />
      <div className="lab-fields">
        {MAIN_FIELDS.map((field) => (
          <NumberField key={field.key} field={field} disabled={disabled} />
        ))}
      </div>
      <details className="advanced" data-testid="lab-more-settings">
        <summary data-testid="lab-more-settings-toggle">More settings</summary>
        <div className="lab-fields">
          {MORE_FIELDS.map((field) => (
            <NumberField key={field.key} field={field} disabled={disabled} />
          ))}
        </div>
      </details>
    </div>
  );
}
