import './import.css';
import { useTranslation } from 'react-i18next';
import { applyImport, cancelImport, pickModelToImport } from '../../app/interop-actions';
import { formatMegabytes } from '../../ml/export-kinds';
import { selectTotalImages, useProjectStore } from '../../state/project-store';
import { useInteropStore } from '../../state/interop-store';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';
import { useFileDrop } from '../dataset/useFileDrop';
import { ImportPreviewCard } from './ImportPreviewCard';

export function ImportPanel() {
  const { t } = useTranslation('import');
  const status = useInteropStore((s) => s.importStatus);
  const preview = useInteropStore((s) => s.importPreview);
  const message = useInteropStore((s) => s.importMessage);
  const classCount = useProjectStore((s) => s.classes.length);
  const imageCount = useProjectStore(selectTotalImages);
  const busy = useTrainingStore(selectIsBusy);
  const { dragging, handlers } = useFileDrop((files) => void pickModelToImport(files));
  const working = status === 'reading' || status === 'applying';

  return (
    <section className="panel import-panel" aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className={`dropzone${dragging ? ' dragging' : ''}`} data-testid="import-dropzone" {...handlers}>
        <span>{t('dropHere')}</span>
        <label className="file-button">
          {t('pickThem')}
          <input
            data-testid="import-files-input"
            type="file"
            multiple
            disabled={working}
            accept=".json,.bin,.zip,application/json,application/octet-stream,application/zip"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length > 0) void pickModelToImport(files);
            }}
          />
        </label>
      </div>
      <p data-testid="import-status" data-status={status} className="muted">
        {status === 'reading' && t('reading')}
        {status === 'applying' && t('applying')}
      </p>
      {status === 'error' && (
        <p role="alert" className="error" data-testid="import-error">
          {message}
        </p>
      )}
      {status === 'done' && (
        <p className="muted" data-testid="import-done">
          {message}
        </p>
      )}
      {preview && (status === 'preview' || status === 'applying') && (
        <ImportPreviewCard
          preview={preview}
          projectClassCount={classCount}
          projectImageCount={imageCount}
          disabled={working || busy}
          error={status === 'preview' ? message : null}
          onApply={(mode) => void applyImport(mode)}
          onCancel={cancelImport}
          sizeText={formatMegabytes(preview.weightBytes)}
        />
      )}
    </section>
  );
}
