import { Trans, useTranslation } from 'react-i18next';
import type { ImportMode, ImportPreview } from '../../protocol';

interface Props {
  preview: ImportPreview;
  projectClassCount: number;
  projectImageCount: number;
  disabled: boolean;
  error: string | null;
  sizeText: string;
  onApply: (mode: ImportMode) => void;
  onCancel: () => void;
}

/** What was picked, and the choices: use the whole model (replacing the classes), or only its trunk. */
export function ImportPreviewCard({ preview, projectClassCount, projectImageCount, disabled, error, sizeText, onApply, onCancel }: Props) {
  const { t } = useTranslation('import');
  const replaces = projectImageCount > 0;
  const what = preview.kind === 'full' ? t('fullModel', { producer: preview.producer }) : t('headOnly', { producer: preview.producer });
  const quantised = preview.quantization ? t('quantised', { quantization: preview.quantization }) : '';
  return (
    <div className="import-preview" data-testid="import-preview" data-kind={preview.kind} data-labels={JSON.stringify(preview.labels)}>
      <p>
        <Trans
          t={t}
          i18nKey="summary"
          values={{ name: preview.modelName, what, count: preview.labels.length, size: sizeText, quantised }}
          components={[<strong key="name" />]}
        />
      </p>
      <ol className="import-labels" data-testid="import-labels">
        {preview.labels.map((label, index) => (
          <li key={index}>{label}</li>
        ))}
      </ol>
      {preview.labelChanges.length > 0 && (
        <div className="warning" data-testid="import-label-changes">
          <p>{t('labelChanges')}</p>
          <ul>
            {preview.labelChanges.map((change, index) => (
              <li key={index}>{change}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.kind === 'full' ? (
        <p className="muted">
          {t('trunkFull', {
            features: preview.embeddingSize,
            size: preview.imageSize ?? '',
            layout: preview.trunkLayout ?? '',
            from: preview.labelsFrom,
          })}
        </p>
      ) : (
        <p className="muted">
          {t('trunkHead', {
            trunk: preview.headTrunk ? t('trunkNamed', { name: preview.headTrunk.name ?? preview.headTrunk.id }) : t('trunkUnnamed'),
            features: preview.embeddingSize,
          })}
        </p>
      )}
      {preview.notSureThreshold !== null && <p className="muted">{t('notSureThreshold', { threshold: preview.notSureThreshold })}</p>}
      {preview.blocker && (
        <p role="alert" className="error" data-testid="import-blocker">
          {preview.blocker}
        </p>
      )}
      {replaces && !preview.blocker && (
        <p className="warning" data-testid="import-replace-warning">
          {t('replaceWarning', { classes: projectClassCount, images: projectImageCount, labels: preview.labels.length })}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="import-apply"
          disabled={disabled || preview.blocker !== null}
          onClick={() => onApply('model')}
        >
          {replaces ? t('replaceAndUse') : t('useModel')}
        </button>
        {preview.kind === 'full' && (
          <button type="button" data-testid="import-use-trunk" disabled={disabled} onClick={() => onApply('trunk')}>
            {t('useTrunkOnly')}
          </button>
        )}
        <button type="button" data-testid="import-cancel" disabled={disabled} onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error" data-testid="import-apply-error">
          {error}
        </p>
      )}
    </div>
  );
}
