import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/error-message';
import { exportTrainingPackage } from '../../app/training-package-actions';
import { useProjectStore } from '../../state/project-store';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';
import { useTrunkStore } from '../../state/trunk-store';

/** The training package (issue #17): photos, split, settings, model and a Keras train.py in one zip. */
export function TrainingPackageExport() {
  const { t } = useTranslation('export');
  const busy = useTrainingStore(selectIsBusy);
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const photoCount = useProjectStore((s) => s.classes.reduce((sum, c) => sum + c.imageIds.length, 0));
  const [status, setStatus] = useState<'idle' | 'working' | 'done' | 'error'>('idle');
  const [message, setMessage] = useState('');

  const start = async () => {
    setStatus('working');
    try {
      await exportTrainingPackage();
      setStatus('done');
    } catch (error) {
      setMessage(errorMessage(error));
      setStatus('error');
    }
  };

  return (
    <div className="training-package" data-testid="training-package">
      <h3>{t('trainingPackage.heading')}</h3>
      <p className="muted">{t('trainingPackage.about')}</p>
      <button
        type="button"
        data-testid="export-training-package"
        disabled={busy || !trunkReady || status === 'working' || photoCount === 0}
        onClick={() => void start()}
      >
        {status === 'working' ? t('trainingPackage.working') : t('trainingPackage.button')}
      </button>
      {photoCount === 0 && <p className="muted">{t('trainingPackage.addPhotosFirst')}</p>}
      {status === 'done' && (
        <p className="muted" data-testid="training-package-done">
          {t('trainingPackage.done')}
        </p>
      )}
      {status === 'error' && (
        <p role="alert" className="error" data-testid="training-package-error">
          {message}
        </p>
      )}
    </div>
  );
}
