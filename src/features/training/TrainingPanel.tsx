import { startTraining, stopTraining } from '../../app/training-actions';
import { useProjectStore } from '../../state/project-store';
import { selectIsBusy, selectLastEpoch, useTrainingStore } from '../../state/training-store';
import { useTrunkStore } from '../../state/trunk-store';
import { AdvancedSettings } from './AdvancedSettings';
import { LearningCurveChart } from './LearningCurveChart';

function ProgressText() {
  const status = useTrainingStore((s) => s.status);
  const embedded = useTrainingStore((s) => s.embedded);
  const epochs = useTrainingStore((s) => s.epochs);
  const totalEpochs = useTrainingStore((s) => s.totalEpochs);
  const summary = useTrainingStore((s) => s.summary);
  const message = useTrainingStore((s) => s.message);
  const last = useTrainingStore(selectLastEpoch);

  let text = 'Add images to at least two classes, then train.';
  if (status === 'embedding') text = `embedding ${embedded.done}/${embedded.total}`;
  if (status === 'training') text = `epoch ${epochs.length}/${totalEpochs}`;
  if ((status === 'done' || status === 'stopped') && summary) {
    const acc = last?.valAccuracy ?? last?.accuracy;
    text =
      `${status === 'stopped' ? 'Stopped after' : 'Trained'} ${summary.epochs.length} epochs on ${summary.trainCount} images ` +
      `(${summary.valCount} held out for validation${summary.testCount > 0 ? `, ${summary.testCount} for testing` : ''}) in ${(summary.trainMs / 1000).toFixed(1)} s` +
      (acc !== undefined && acc !== null ? `; ${last?.valAccuracy !== null ? 'validation' : 'training'} accuracy ${(acc * 100).toFixed(0)}%.` : '.');
  }
  if (status === 'stopped' && !summary && message) text = message;
  if (status === 'interrupted') text = message ?? `Interrupted after ${epochs.length} of ${totalEpochs} epochs.`;
  return (
    <>
      <p data-testid="training-status" data-status={status} aria-live="polite">
        {text}
      </p>
      {status === 'embedding' && <progress max={Math.max(1, embedded.total)} value={embedded.done} />}
      {status === 'training' && <progress max={totalEpochs} value={epochs.length} />}
      {status === 'error' && message && (
        <p role="alert" data-testid="training-error" className="error">
          {message}
        </p>
      )}
    </>
  );
}

export function TrainingPanel() {
  const busy = useTrainingStore(selectIsBusy);
  const epochs = useTrainingStore((s) => s.epochs);
  const totalEpochs = useTrainingStore((s) => s.totalEpochs);
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const hasImages = useProjectStore((s) => s.classes.some((c) => c.imageIds.length > 0));
  return (
    <section className="panel training-panel" aria-label="Training">
      <h2>Train the model</h2>
      <div className="row">
        <button type="button" className="primary" data-testid="train-button" disabled={busy || !trunkReady || !hasImages} onClick={() => void startTraining()}>
          {epochs.length > 0 && !busy ? 'Train again' : 'Train'}
        </button>
        <button type="button" data-testid="stop-button" disabled={!busy} onClick={() => void stopTraining()}>
          Stop
        </button>
      </div>
      <ProgressText />
      <AdvancedSettings disabled={busy} />
      <LearningCurveChart epochs={epochs} totalEpochs={totalEpochs} />
    </section>
  );
}
