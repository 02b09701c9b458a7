import { useState } from 'react';
import { addFilesToClass, deleteClass, removeImage } from '../../app/dataset-actions';
import { getImage } from '../../lib/image-registry';
import { useProjectStore, validateClassLabel, type ImageClass } from '../../state/project-store';
import { useFileDrop } from './useFileDrop';

const MAX_THUMBNAILS = 60;

export function ClassCard({ imageClass, canDelete }: { imageClass: ImageClass; canDelete: boolean }) {
  const renameClass = useProjectStore((s) => s.renameClass);
  const [draft, setDraft] = useState(imageClass.label);
  const [nameError, setNameError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const addFiles = async (files: File[]) => {
    setAdding(true);
    try {
      await addFilesToClass(imageClass.id, files);
    } finally {
      setAdding(false);
    }
  };
  const { dragging, handlers } = useFileDrop((files) => void addFiles(files));

  const commitName = () => {
    const error = validateClassLabel(useProjectStore.getState().classes, imageClass.id, draft);
    setNameError(error);
    if (error) return;
    renameClass(imageClass.id, draft.trim());
    setDraft(draft.trim());
  };

  const count = imageClass.imageIds.length;
  return (
    <article className={`class-card${dragging ? ' dragging' : ''}`} data-testid="class-card" data-class-id={imageClass.id} data-label={imageClass.label} {...handlers}>
      <header className="row">
        <input
          data-testid="class-name-input"
          aria-label="Class name"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            if (e.key === 'Escape') {
              setDraft(imageClass.label);
              setNameError(null);
            }
          }}
        />
        <span data-testid="class-count" className="count">
          {count} {count === 1 ? 'image' : 'images'}
        </span>
        <button type="button" data-testid="class-delete" disabled={!canDelete} title={canDelete ? 'Delete this class and its images' : 'Keep at least one class'} onClick={() => deleteClass(imageClass.id)}>
          Delete
        </button>
      </header>
      {nameError && (
        <p role="alert" data-testid="class-name-error" className="error">
          {nameError}
        </p>
      )}
      <div className="dropzone" data-testid="class-dropzone">
        <span>{adding ? 'Adding images…' : 'Drop images here or'}</span>
        <label className="file-button">
          choose files
          <input
            data-testid="class-file-input"
            type="file"
            multiple
            accept="image/*"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length > 0) void addFiles(files);
            }}
          />
        </label>
      </div>
      <ul className="thumbnails">
        {imageClass.imageIds.slice(-MAX_THUMBNAILS).map((id) => {
          const image = getImage(id);
          return (
            <li key={id} data-testid="thumbnail">
              {image && <img src={image.thumbnailUrl} alt={image.name} width={48} height={48} />}
              <button type="button" className="remove" aria-label={`Remove ${image?.name ?? 'image'}`} data-testid="thumbnail-remove" onClick={() => removeImage(id)}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {count > MAX_THUMBNAILS && <p className="muted">Showing the last {MAX_THUMBNAILS} of {count}.</p>}
    </article>
  );
}
