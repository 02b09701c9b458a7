import { useId, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { openSampleProjectWithNotice, type SampleProgress } from '../../app/sample-project-actions';
import { SAMPLE_SETS, type SampleSet } from '../../ml/samples/sample-sets';
import './lesson.css';

type Status = 'idle' | 'opening' | 'done';

/** The sample sets that have a title and description in `lesson:samples.sets`; any other id shows the English from src/ml/samples. */
const CATALOGUED_SETS = [
  'shapes-small',
  'textures-small',
  'letters-small',
  'shapes-large',
  'textures-large',
  'mirror-small',
  'mirror-large',
  'shapes-source',
] as const;
type CataloguedSetId = (typeof CATALOGUED_SETS)[number];
const isCatalogued = (id: string): id is CataloguedSetId => (CATALOGUED_SETS as readonly string[]).includes(id);

function sampleText(t: TFunction<'lesson'>, set: SampleSet): { title: string; description: string } {
  return isCatalogued(set.id)
    ? { title: t(`samples.sets.${set.id}.title`), description: t(`samples.sets.${set.id}.description`) }
    : { title: set.title, description: set.description };
}

/** One click to a ready project of generated pictures: nothing to download, nothing to license. */
export function SampleProjectPicker() {
  const { t } = useTranslation('lesson');
  const textOf = (set: SampleSet) => sampleText(t, set);
  const [setId, setSetId] = useState(SAMPLE_SETS[0].id);
  const [status, setStatus] = useState<Status>('idle');
  const [progress, setProgress] = useState<SampleProgress>({ done: 0, total: 0 });
  const pickerId = useId();
  const chosen = SAMPLE_SETS.find((set) => set.id === setId) ?? SAMPLE_SETS[0];

  const open = async () => {
    setStatus('opening');
    setProgress({ done: 0, total: chosen.perClass * chosen.task.classes.length });
    await openSampleProjectWithNotice(chosen.id, setProgress);
    setStatus('done');
  };

  return (
    <section className="panel sample-projects" aria-label={t('samples.label')} data-testid="sample-projects">
      <h2>{t('samples.heading')}</h2>
      <p className="muted">{t('samples.intro')}</p>
      <div className="row">
        <label htmlFor={pickerId}>{t('samples.picker')}</label>
        <select
          id={pickerId}
          data-testid="sample-set-picker"
          value={setId}
          disabled={status === 'opening'}
          onChange={(event) => setSetId(event.target.value)}
        >
          {SAMPLE_SETS.map((set) => (
            <option key={set.id} value={set.id}>
              {textOf(set).title}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          data-testid="open-sample-project"
          disabled={status === 'opening'}
          onClick={() => void open()}
        >
          {t('samples.open')}
        </button>
      </div>
      <p className="muted" data-testid="sample-set-description">
        {textOf(chosen).description}
      </p>
      <p data-testid="sample-project-status" data-status={status} aria-live="polite">
        {status === 'opening' && t('samples.drawing', { done: progress.done, total: progress.total })}
        {status === 'done' && t('samples.opened', { title: textOf(chosen).title })}
      </p>
      {status === 'opening' && <progress max={Math.max(1, progress.total)} value={progress.done} />}
    </section>
  );
}
