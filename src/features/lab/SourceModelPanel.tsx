import { useId, useState } from 'react';
import { LabDisclosure } from './LabDisclosure';
import { useTranslation } from 'react-i18next';
import { exportOwnTrunk, stopSourceTraining, trainOwnSourceModel, type SourceChoice } from '../../app/source-model-actions';
import { SAMPLE_SETS } from '../../ml/samples/sample-sets';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { selectChosenSourceTrunk, selectSourceTrainingBusy, useSourceModelStore } from '../../state/source-model-store';
import { useWorkspaceStore } from '../../state/workspace-store';
import { percent } from './strategy-info';

const DEFAULT_SOURCE = 'sample:shapes-source';

function parseChoice(value: string): SourceChoice {
  return value.startsWith('project:') ? { kind: 'project', projectId: value.slice(8) } : { kind: 'sample', sampleSetId: value.slice(7) };
}

function TrainingStatus() {
  const { t } = useTranslation('lab');
  const training = useSourceModelStore((s) => s.training);
  const trunks = useSourceModelStore((s) => s.trunks);
  const last = training.epochs.at(-1);
  let text = t('source.status.idle');
  if (training.status === 'preparing')
    text = t('source.status.preparing', { done: training.prepared.done, total: training.prepared.total });
  if (training.status === 'training' && last)
    text = t('source.status.training', {
      source: training.sourceName,
      epoch: last.epoch,
      epochs: training.totalEpochs,
      accuracy: percent(last.valAccuracy),
    });
  if (training.status === 'training' && !last) text = t('source.status.starting', { source: training.sourceName });
  const kept = trunks.find((trunk) => trunk.id === training.keptId);
  if (training.status === 'done' && kept)
    text = t('source.status.done', {
      name: kept.name,
      accuracy: percent(kept.validationAccuracy),
      epochs: kept.epochs,
      seconds: (kept.trainMs / 1000).toFixed(0),
    });
  if (training.status === 'stopped') text = training.message ?? t('source.status.stopped');
  return (
    <>
      <p data-testid="source-model-status" data-status={training.status} aria-live="polite">
        {training.status === 'error' ? '' : text}
      </p>
      {training.status === 'training' && (
        <progress max={Math.max(1, training.totalEpochs)} value={last?.epoch ?? 0} aria-label={t('source.progress')} />
      )}
      {training.status === 'error' && training.message && (
        <p role="alert" className="error" data-testid="source-model-error">
          {training.message}
        </p>
      )}
    </>
  );
}

/** A labelled number input that passes on only whole numbers within [min, max]. */
function WholeNumberField(props: {
  label: string;
  testId: string;
  min: number;
  max: number;
  value: number;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  const { label, testId, min, max, value, disabled, onChange } = props;
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        min={min}
        max={max}
        data-testid={testId}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const n = Math.round(Number(e.target.value));
          if (n >= min && n <= max) onChange(n);
        }}
      />
    </label>
  );
}

/**
 * The "develop a model" approach: train a model of your own on a source task with plenty of
 * pictures, keep it as a trunk (stored with the projects, listed in the trunk picker, exportable),
 * and reuse it below as the "your own model" strategies.
 */
export function SourceModelPanel() {
  const { t } = useTranslation('lab');
  const sourceId = useId();
  const keptId = useId();
  const [source, setSource] = useState(DEFAULT_SOURCE);
  const projects = useWorkspaceStore((s) => s.projects);
  const settings = useSourceModelStore((s) => s.settings);
  const updateSettings = useSourceModelStore((s) => s.updateSettings);
  const trunks = useSourceModelStore((s) => s.trunks);
  const chosen = useSourceModelStore(selectChosenSourceTrunk);
  const choose = useSourceModelStore((s) => s.choose);
  const training = useSourceModelStore(selectSourceTrainingBusy);
  const labBusy = useLabStore(selectLabBusy);
  const choice = parseChoice(source);

  return (
    <LabDisclosure title={t('source.heading')} label={t('source.label')} testId="source-model-panel" forceOpen={training}>
      <p className="muted lab-explain">{t('source.explain', { size: settings.imageSize })}</p>
      <div className="row">
        <label htmlFor={sourceId}>{t('source.learnFrom')}</label>
        <select
          id={sourceId}
          data-testid="source-model-source"
          value={source}
          disabled={training}
          onChange={(e) => setSource(e.target.value)}
        >
          <optgroup label={t('source.samples')}>
            {SAMPLE_SETS.map((set) => (
              <option key={set.id} value={`sample:${set.id}`}>
                {t(`lesson:samples.sets.${set.id as 'shapes-source'}.title`, { defaultValue: set.title })}
              </option>
            ))}
          </optgroup>
          {projects.length > 0 && (
            <optgroup label={t('source.projects')}>
              {projects.map((project) => (
                <option key={project.id} value={`project:${project.id}`} translate="no">
                  {project.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        <WholeNumberField
          label={t('source.epochs')}
          testId="source-model-epochs"
          min={1}
          max={100}
          value={settings.epochs}
          disabled={training}
          onChange={(epochs) => updateSettings({ epochs })}
        />
        {choice.kind === 'sample' && (
          <WholeNumberField
            label={t('source.perClass')}
            testId="source-model-per-class"
            min={3}
            max={2000}
            value={settings.perClass}
            disabled={training}
            onChange={(perClass) => updateSettings({ perClass })}
          />
        )}
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="source-model-train"
          disabled={training || labBusy}
          onClick={() => void trainOwnSourceModel(choice)}
        >
          {t('source.train')}
        </button>
        <button type="button" data-testid="source-model-stop" disabled={!training} onClick={() => void stopSourceTraining()}>
          {t('stop')}
        </button>
      </div>
      <TrainingStatus />
      <div className="row">
        <label htmlFor={keptId}>{t('source.kept')}</label>
        <select
          id={keptId}
          data-testid="source-trunk-select"
          value={chosen?.id ?? ''}
          disabled={trunks.length === 0}
          onChange={(e) => choose(e.target.value || null)}
        >
          {trunks.length === 0 && <option value="">{t('source.noneKept')}</option>}
          {trunks.map((trunk) => (
            <option key={trunk.id} value={trunk.id}>
              {trunk.name}
            </option>
          ))}
        </select>
        <button type="button" data-testid="source-trunk-export" disabled={!chosen} onClick={() => chosen && void exportOwnTrunk(chosen.id)}>
          {t('source.export')}
        </button>
      </div>
      {chosen && (
        <p className="muted lab-explain" data-testid="source-trunk-details">
          {t('source.details', {
            source: chosen.sourceName,
            classes: chosen.classes.length,
            pictures: chosen.trainCount,
            accuracy: percent(chosen.validationAccuracy),
            size: chosen.imageSize,
            features: chosen.embeddingSize,
          })}
        </p>
      )}
    </LabDisclosure>
  );
}
