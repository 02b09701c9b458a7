import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tryImageFile, type LivePrediction } from '../../app/evaluation-actions';
import { errorMessage } from '../../lib/error-message';
import { useEvaluationStore } from '../../state/evaluation-store';
import { useTrainingStore } from '../../state/training-store';
import { useFileDrop } from '../dataset/useFileDrop';
import { PredictionBars } from './PredictionBars';
import { useCameraPredictions } from './useCameraPredictions';
import { TRY_IT_PASTE_ZONE, usePastedImage } from '../dataset/usePastedImage';

export function TryItPanel() {
  const { t } = useTranslation('evaluation');
  const modelReady = useTrainingStore((s) => s.modelReady);
  const threshold = useEvaluationStore((s) => s.unknownThreshold);
  const [result, setResult] = useState<(LivePrediction & { source: string }) | null>(null);
  const [filesTried, setFilesTried] = useState(0);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const camera = useCameraPredictions(modelReady);
  const cameraOn = camera.status === 'on' || camera.status === 'starting';

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );
  useEffect(() => {
    if (!modelReady) setResult(null);
  }, [modelReady]);

  const tryFile = async (file: File) => {
    setError(null);
    if (!modelReady) {
      setError(t('tryIt.trainFirstError'));
      return;
    }
    if (cameraOn) camera.stop();
    try {
      const prediction = await tryImageFile(file);
      setPreview(URL.createObjectURL(file));
      setResult({ ...prediction, source: file.name });
      setFilesTried((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const { dragging, handlers } = useFileDrop((files) => void tryFile(files[0]));
  usePastedImage((file) => void tryFile(file));

  const shown = cameraOn ? camera.prediction : result;
  return (
    <section className="panel tryit-panel" aria-label={t('tryIt.label')} data-testid="tryit-panel" data-files-tried={filesTried}>
      <h2>{t('tryIt.title')}</h2>
      {!modelReady && <p className="muted">{t('tryIt.trainFirst')}</p>}
      <div
        className={`dropzone large${dragging ? ' dragging' : ''}`}
        data-testid="tryit-dropzone"
        data-paste-zone={TRY_IT_PASTE_ZONE}
        tabIndex={0}
        title={t('tryIt.pasteHint')}
        {...handlers}
      >
        <video ref={camera.videoRef} className="tryit-video" data-testid="camera-preview" muted playsInline hidden={!cameraOn} />
        {!cameraOn &&
          (preview ? <img src={preview} alt={t('tryIt.previewAlt')} className="tryit-preview" /> : <span>{t('tryIt.dropHere')}</span>)}
        <div className="row">
          <label className="file-button">
            {t('tryIt.chooseImage')}
            <input
              data-testid="tryit-file-input"
              type="file"
              accept="image/*"
              disabled={!modelReady}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void tryFile(file);
              }}
            />
          </label>
          {cameraOn ? (
            <button type="button" data-testid="camera-stop" onClick={camera.stop}>
              {t('tryIt.stopCamera')}
            </button>
          ) : (
            <button type="button" data-testid="camera-start" disabled={!modelReady} onClick={() => void camera.start()}>
              {t('tryIt.useCamera')}
            </button>
          )}
        </div>
      </div>
      {camera.status === 'on' && (
        <p className="muted" data-testid="camera-status" data-frames={camera.frames}>
          {t('tryIt.live', { count: camera.frames })}
        </p>
      )}
      {camera.message && (
        <p role="alert" className="error" data-testid="camera-error">
          {camera.message}
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="tryit-error">
          {error}
        </p>
      )}
      {shown && modelReady && (
        <PredictionBars
          predictions={shown.predictions}
          threshold={threshold}
          latencyMs={shown.latencyMs}
          workerMs={shown.workerMs}
          source={cameraOn ? 'camera' : result?.source}
        />
      )}
    </section>
  );
}
