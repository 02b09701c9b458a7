import { useEffect, useState } from 'react';
import { predictFile, type ClassProbability } from '../../app/model-actions';
import { errorMessage } from '../../lib/error-message';
import { useTrainingStore } from '../../state/training-store';
import { useFileDrop } from '../dataset/useFileDrop';
import { PredictionBars } from './PredictionBars';

export function TryItPanel() {
  const modelReady = useTrainingStore((s) => s.modelReady);
  const [predictions, setPredictions] = useState<{ source: string; values: ClassProbability[] } | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => {
    if (preview) URL.revokeObjectURL(preview);
  }, [preview]);
  useEffect(() => {
    if (!modelReady) setPredictions(null);
  }, [modelReady]);

  const tryFile = async (file: File) => {
    setError(null);
    try {
      const result = await predictFile(file);
      setPreview(URL.createObjectURL(file));
      setPredictions({ source: file.name, values: result });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const { dragging, handlers } = useFileDrop((files) => void tryFile(files[0]));

  return (
    <section className="panel tryit-panel" aria-label="Try it">
      <h2>3. Try it</h2>
      {!modelReady && <p className="muted">Train a model first; then drop a new image here.</p>}
      <div className={`dropzone large${dragging ? ' dragging' : ''}`} data-testid="tryit-dropzone" {...handlers}>
        {preview ? <img src={preview} alt="Image being classified" className="tryit-preview" /> : <span>Drop an image here or</span>}
        <label className="file-button">
          choose an image
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
      </div>
      {error && (
        <p role="alert" className="error" data-testid="tryit-error">
          {error}
        </p>
      )}
      {predictions && modelReady && <PredictionBars predictions={predictions.values} source={predictions.source} />}
    </section>
  );
}
