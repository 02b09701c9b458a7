import { useState } from 'react';
import { exportModelZip } from '../../app/model-actions';
import { errorMessage } from '../../lib/error-message';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';

export function ExportPanel() {
  const modelReady = useTrainingStore((s) => s.modelReady);
  const busy = useTrainingStore(selectIsBusy);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="panel export-panel" aria-label="Export">
      <h2>4. Export</h2>
      <p className="muted">
        A .zip with model.json, weights.bin and metadata.json in Teachable Machine's format: trunk and head as one TensorFlow.js model, input 224×224 RGB
        centre-cropped and scaled to [-1, 1], output the probability of each class in the order shown.
      </p>
      <button
        type="button"
        data-testid="export-button"
        disabled={!modelReady || busy || exporting}
        onClick={async () => {
          setError(null);
          setExporting(true);
          try {
            await exportModelZip();
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setExporting(false);
          }
        }}
      >
        {exporting ? 'Exporting…' : 'Export model (.zip)'}
      </button>
      {error && (
        <p role="alert" className="error" data-testid="export-error">
          {error}
        </p>
      )}
    </section>
  );
}
