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
  const replaces = projectImageCount > 0;
  const what = preview.kind === 'full' ? `${preview.producer} image model` : `${preview.producer} head (no trunk)`;
  return (
    <div className="import-preview" data-testid="import-preview" data-kind={preview.kind} data-labels={JSON.stringify(preview.labels)}>
      <p>
        <strong>{preview.modelName}</strong>: {what}, {preview.labels.length} classes, {sizeText} of weights
        {preview.quantization ? ` (${preview.quantization}-quantised)` : ''}.
      </p>
      <ol className="import-labels" data-testid="import-labels">
        {preview.labels.map((label, index) => (
          <li key={index}>{label}</li>
        ))}
      </ol>
      {preview.labelChanges.length > 0 && (
        <div className="warning" data-testid="import-label-changes">
          <p>Some class names were changed so that every class has its own valid name:</p>
          <ul>
            {preview.labelChanges.map((change, index) => (
              <li key={index}>{change}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.kind === 'full' ? (
        <p className="muted">
          Trunk: {preview.embeddingSize} features per {preview.imageSize}px image ({preview.trunkLayout}). Labels from {preview.labelsFrom}.
        </p>
      ) : (
        <p className="muted">
          Trained on the trunk {preview.headTrunk ? `“${preview.headTrunk.name ?? preview.headTrunk.id}”` : '(not named)'}, {preview.embeddingSize} features per image.
        </p>
      )}
      {preview.notSureThreshold !== null && <p className="muted">Its “not sure” threshold is {preview.notSureThreshold}.</p>}
      {preview.blocker && (
        <p role="alert" className="error" data-testid="import-blocker">
          {preview.blocker}
        </p>
      )}
      {replaces && !preview.blocker && (
        <p className="warning" data-testid="import-replace-warning">
          Using this model replaces the project’s {projectClassCount} classes and their {projectImageCount} images with its {preview.labels.length} (empty) classes.
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" data-testid="import-apply" disabled={disabled || preview.blocker !== null} onClick={() => onApply('model')}>
          {replaces ? 'Replace my classes and use this model' : 'Use this model'}
        </button>
        {preview.kind === 'full' && (
          <button type="button" data-testid="import-use-trunk" disabled={disabled} onClick={() => onApply('trunk')}>
            Use only its trunk (keep my classes)
          </button>
        )}
        <button type="button" data-testid="import-cancel" disabled={disabled} onClick={onCancel}>
          Cancel
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
