import { useId, useState } from 'react';
import { openSampleProjectWithNotice, type SampleProgress } from '../../app/sample-project-actions';
import { SAMPLE_SETS } from '../../ml/samples/sample-sets';
import './lesson.css';

type Status = 'idle' | 'opening' | 'done';

/** One click to a ready project of generated pictures: nothing to download, nothing to license. */
export function SampleProjectPicker() {
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
    <section className="panel sample-projects" aria-label="Sample projects" data-testid="sample-projects">
      <h2>Start with a sample project</h2>
      <p className="muted">No photos yet? Open a set of computer-drawn pictures. It becomes a normal project: you can delete pictures or add your own.</p>
      <div className="row">
        <label htmlFor={pickerId}>Sample</label>
        <select id={pickerId} data-testid="sample-set-picker" value={setId} disabled={status === 'opening'} onChange={(event) => setSetId(event.target.value)}>
          {SAMPLE_SETS.map((set) => (
            <option key={set.id} value={set.id}>
              {set.title}
            </option>
          ))}
        </select>
        <button type="button" className="primary" data-testid="open-sample-project" disabled={status === 'opening'} onClick={() => void open()}>
          Open a sample project
        </button>
      </div>
      <p className="muted" data-testid="sample-set-description">
        {chosen.description}
      </p>
      <p data-testid="sample-project-status" data-status={status} aria-live="polite">
        {status === 'opening' && `Drawing and adding pictures: ${progress.done} of ${progress.total}.`}
        {status === 'done' && `Opened "${chosen.title}".`}
      </p>
      {status === 'opening' && <progress max={Math.max(1, progress.total)} value={progress.done} />}
    </section>
  );
}
