import './export.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportPackage, measureQuantization } from '../../app/interop-actions';
import { EXPORT_KINDS, QUANTIZATION_DTYPES_FOR_UI, thresholdProblem, type ExportKind, type QuantizationDtype } from '../../ml/export-kinds';
import { useEvaluationStore } from '../../state/evaluation-store';
import { useInteropStore } from '../../state/interop-store';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';
import { ConsumerSummary } from './ConsumerSummary';
import { QuantizationSummary } from './QuantizationSummary';
import { TrainingPackageExport } from './TrainingPackageExport';

const DEFAULT_THRESHOLD = 0.6;

export function ExportPanel() {
  const modelReady = useTrainingStore((s) => s.modelReady);
  const busy = useTrainingStore(selectIsBusy);
  const exportStatus = useInteropStore((s) => s.exportStatus);
  const exportMessage = useInteropStore((s) => s.exportMessage);
  const consumers = useInteropStore((s) => s.consumers);
  const progress = useInteropStore((s) => s.progress);
  const quantizationStatus = useInteropStore((s) => s.quantizationStatus);
  const quantizationReport = useInteropStore((s) => s.quantizationReport);
  const quantizationMessage = useInteropStore((s) => s.quantizationMessage);

  const { t } = useTranslation('export');
  const [kind, setKind] = useState<ExportKind>('full');
  const [dtype, setDtype] = useState<QuantizationDtype>('float16');
  // One "not sure" threshold for the whole app: Try-it, Evaluation and every export use it.
  const threshold = useEvaluationStore((s) => s.unknownThreshold);
  const setThreshold = useEvaluationStore((s) => s.setUnknownThreshold);
  /** The typed text while it is not a usable threshold (null once it is, or when none is typed). */
  const [draft, setDraft] = useState<string | null>(null);
  const thresholdText = draft ?? String(threshold ?? DEFAULT_THRESHOLD);
  const thresholdError = threshold !== null && draft !== null ? (thresholdProblem(Number(draft)) ?? t('thresholdInvalid')) : null;
  const working = exportStatus === 'working' || quantizationStatus === 'working';
  const measured = quantizationReport?.dtype === dtype;
  const canExport = modelReady && !busy && !working && !thresholdError && (kind !== 'quantized' || measured);

  return (
    <section className="panel export-panel" aria-label={t('panelLabel')}>
      <h2>{t('heading')}</h2>
      {!modelReady && <p className="muted">{t('trainFirst')}</p>}
      <fieldset className="export-kinds" disabled={working}>
        <legend>{t('kindsLegend')}</legend>
        {EXPORT_KINDS.map((info) => (
          <label key={info.kind} className="export-kind">
            <input
              type="radio"
              name="export-kind"
              value={info.kind}
              data-testid={`export-kind-${info.kind}`}
              checked={kind === info.kind}
              onChange={() => setKind(info.kind)}
            />
            <span>
              <strong>{t(`kind.${info.kind}.title`)}</strong>
              <span className="muted"> {t(`kind.${info.kind}.summary`)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="export-options">
        <label>
          <input
            type="checkbox"
            data-testid="export-threshold-toggle"
            checked={threshold !== null}
            onChange={(e) => {
              setDraft(null);
              setThreshold(e.target.checked ? DEFAULT_THRESHOLD : null);
            }}
          />{' '}
          {t('notSureBelow')}
        </label>{' '}
        <input
          type="number"
          min={0.01}
          max={0.99}
          step={0.05}
          className="threshold-input"
          data-testid="export-threshold-input"
          disabled={threshold === null}
          value={thresholdText}
          onChange={(e) => {
            const value = Number(e.target.value);
            if (e.target.value.trim() !== '' && thresholdProblem(value) === null) {
              setThreshold(value);
              setDraft(null);
            } else {
              setDraft(e.target.value);
            }
          }}
          aria-label={t('notSureThreshold')}
        />
        <span className="muted"> {t('thresholdHint')}</span>
        {thresholdError && (
          <p role="alert" className="error" data-testid="export-threshold-error">
            {thresholdError}
          </p>
        )}
      </div>

      {kind === 'quantized' && (
        <div className="export-quantization">
          <label>
            {t('weightsAs')}{' '}
            <select
              data-testid="export-quantization-dtype"
              value={dtype}
              disabled={working}
              onChange={(e) => setDtype(e.target.value as QuantizationDtype)}
            >
              {QUANTIZATION_DTYPES_FOR_UI.map((option) => (
                <option key={option.dtype} value={option.dtype}>
                  {t(`dtype.${option.dtype}`)}
                </option>
              ))}
            </select>
          </label>{' '}
          <button
            type="button"
            data-testid="export-measure"
            disabled={!modelReady || busy || working}
            onClick={() => void measureQuantization(dtype)}
          >
            {quantizationStatus === 'working' ? t('measuring') : t('measure')}
          </button>
          {measured && quantizationReport && <QuantizationSummary report={quantizationReport} />}
          {quantizationStatus === 'error' && (
            <p role="alert" className="error" data-testid="export-quantization-error">
              {quantizationMessage}
            </p>
          )}
        </div>
      )}

      {working && progress && progress.total > 0 && (
        <p className="muted" data-testid="export-progress">
          {t(progress.task === 'quantization' ? 'progressQuantization' : 'progressConsumers', {
            done: Math.min(progress.done + 1, progress.total),
            total: progress.total,
          })}
        </p>
      )}

      <button
        type="button"
        className="primary"
        data-testid="export-button"
        disabled={!canExport}
        onClick={() => void exportPackage({ kind, threshold, quantization: dtype })}
      >
        {exportStatus === 'working' ? t('exporting') : t(`kind.${kind}.download`)}
      </button>
      {kind === 'quantized' && !measured && modelReady && <p className="muted">{t('measureFirst')}</p>}
      {exportStatus === 'error' && (
        <p role="alert" className="error" data-testid="export-error">
          {exportMessage}
        </p>
      )}
      {exportStatus === 'done' && <ConsumerSummary consumers={consumers} />}
      <TrainingPackageExport />
    </section>
  );
}
