import { useTranslation } from 'react-i18next';
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
  const finalFit = useTrainingStore((s) => s.finalFit);

  const { t } = useTranslation('training');

  let text = t('status.idle');
  if (status === 'embedding') text = t('status.embedding', { done: embedded.done, total: embedded.total });
  if (status === 'training') text = t('status.epoch', { done: epochs.length, total: totalEpochs });
  if (status === 'training' && finalFit)
    text = t('status.finalFitEpoch', { done: finalFit.epoch, total: finalFit.totalEpochs, examples: finalFit.examples });
  if ((status === 'done' || status === 'stopped') && summary) {
    const acc = last?.valAccuracy ?? last?.accuracy;
    const accuracy =
      acc !== undefined && acc !== null
        ? t(last?.valAccuracy !== null ? 'status.validationAccuracy' : 'status.trainingAccuracy', { percent: (acc * 100).toFixed(0) })
        : t('status.noAccuracy');
    const key =
      status === 'stopped'
        ? summary.testCount > 0
          ? 'status.stoppedWithTest'
          : 'status.stopped'
        : summary.testCount > 0
          ? 'status.trainedWithTest'
          : 'status.trained';
    text = t(key, {
      epochs: summary.epochs.length,
      train: summary.trainCount,
      val: summary.valCount,
      test: summary.testCount,
      seconds: (summary.trainMs / 1000).toFixed(1),
      accuracy,
    });
  }
  if (status === 'stopped' && !summary && message) text = message;
  if (status === 'interrupted') text = message ?? t('status.interrupted', { done: epochs.length, total: totalEpochs });
  return (
    <>
      <p data-testid="training-status" data-status={status} aria-live="polite">
        {text}
      </p>
      {status === 'embedding' && <progress max={Math.max(1, embedded.total)} value={embedded.done} />}
      {status === 'training' && !finalFit && <progress max={totalEpochs} value={epochs.length} />}
      {status === 'training' && finalFit && <progress max={finalFit.totalEpochs} value={finalFit.epoch} />}
      {status === 'done' && summary && (summary.mirrorViews || summary.finalFit) && (
        <p data-testid="training-extras" className="hint">
          {[
            summary.mirrorViews ? t('status.mirrorViews', { count: summary.trainCount }) : null,
            summary.finalFit
              ? t('status.finalFit', {
                  examples: summary.finalFit.examples,
                  epochs: summary.finalFit.epochs,
                  seconds: (summary.finalFit.ms / 1000).toFixed(1),
                })
              : null,
          ]
            .filter((part) => part !== null)
            .join(' ')}
        </p>
      )}
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
  const { t } = useTranslation('training');
  return (
    <section className="panel training-panel" aria-label={t('panel.label')}>
      <h2>{t('panel.heading')}</h2>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="train-button"
          disabled={busy || !trunkReady || !hasImages}
          onClick={() => void startTraining()}
        >
          {epochs.length > 0 && !busy ? t('panel.trainAgain') : t('panel.train')}
        </button>
        <button type="button" data-testid="stop-button" disabled={!busy} onClick={() => void stopTraining()}>
          {t('panel.stop')}
        </button>
      </div>
      <ProgressText />
      <AdvancedSettings disabled={busy} />
      <LearningCurveChart epochs={epochs} totalEpochs={totalEpochs} />
    </section>
  );
}
