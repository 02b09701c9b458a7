import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unreadableAmong, useUnreadableStore } from '../../state/unreadable-store';
import { addDroppedToClass, addFilesToClass, clearClass, deleteClass, removeImage, renameClass } from '../../app/dataset-actions';
import type { ImageClass } from '../../state/project-store';
import { useWorkspaceStore } from '../../state/workspace-store';
import { SelectionBar } from './SelectionBar';
import { ThumbnailGrid, ThumbnailPlaceholder } from './ThumbnailGrid';
import { useNearViewport } from '../../lib/useNearViewport';
import { useEntryDrop } from './useEntryDrop';
import { WebcamCapture } from './WebcamCapture';

/** Marks a file input as a folder picker (the attribute is not in React's types). */
const FOLDER_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

function ClassNameInput({ imageClass }: { imageClass: ImageClass }) {
  const { t } = useTranslation('dataset');
  const [draft, setDraft] = useState(imageClass.label);
  const [nameError, setNameError] = useState<string | null>(null);
  const [shownLabel, setShownLabel] = useState(imageClass.label);
  // A rename from elsewhere (undo, project load) replaces the draft.
  if (shownLabel !== imageClass.label) {
    setShownLabel(imageClass.label);
    setDraft(imageClass.label);
  }
  const commit = () => {
    if (draft === imageClass.label) return setNameError(null);
    const problem = renameClass(imageClass.id, draft);
    setNameError(problem);
    if (!problem) setDraft(draft.trim());
  };
  return (
    <>
      <input
        data-testid="class-name-input"
        aria-label={t('className')}
        aria-invalid={nameError !== null}
        value={draft}
        maxLength={200}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          if (e.key === 'Escape') {
            setDraft(imageClass.label);
            setNameError(null);
          }
        }}
      />
      {nameError && (
        <p role="alert" data-testid="class-name-error" className="error name-error">
          {nameError}
        </p>
      )}
    </>
  );
}

export const ClassCard = memo(function ClassCard({
  imageClass,
  canDelete,
  active,
}: {
  imageClass: ImageClass;
  canDelete: boolean;
  active: boolean;
}) {
  const { t } = useTranslation('dataset');
  const [adding, setAdding] = useState(0);
  const [webcamOpen, setWebcamOpen] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const setActiveClass = useWorkspaceStore((s) => s.setActiveClass);
  const cardRef = useRef<HTMLElement>(null);
  const nearView = useNearViewport(cardRef);

  const track = async (work: Promise<unknown>) => {
    setAdding((n) => n + 1);
    try {
      await work;
    } finally {
      setAdding((n) => n - 1);
    }
  };
  const { dragging, handlers } = useEntryDrop(
    (read) => void track(read().then(({ files, problems }) => addDroppedToClass(imageClass.id, files, problems))),
  );
  const pick = (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length > 0) void track(addFilesToClass(imageClass.id, files));
  };

  const present = useMemo(() => new Set(imageClass.imageIds), [imageClass.imageIds]);
  const selectedIds = imageClass.imageIds.length > 0 ? [...selected].filter((id) => present.has(id)) : [];
  const toggle = useCallback((id: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const remove = useCallback((id: string) => removeImage(id), []);

  const count = imageClass.imageIds.length;
  const unreadable = useUnreadableStore((state) => unreadableAmong(imageClass.imageIds, state.reasons).length);
  return (
    <article
      ref={cardRef}
      className={`class-card${dragging ? ' dragging' : ''}${active ? ' active' : ''}`}
      data-testid="class-card"
      data-class-id={imageClass.id}
      data-label={imageClass.label}
      data-active={active}
      onFocusCapture={() => setActiveClass(imageClass.id)}
      onPointerDownCapture={() => setActiveClass(imageClass.id)}
      {...handlers}
    >
      <header className="row">
        <ClassNameInput imageClass={imageClass} />
        <span data-testid="class-count" className="count">
          {t('imageCount', { count })}
        </span>
        {unreadable > 0 && (
          <span data-testid="class-unreadable-count" className="count unreadable" title={t('unreadableTitle')}>
            {t('unreadableCount', { count: unreadable })}
          </span>
        )}
        <button
          type="button"
          data-testid="class-clear"
          disabled={count === 0}
          title={t('clearTitle')}
          onClick={() => clearClass(imageClass.id)}
        >
          {t('clear')}
        </button>
        <button
          type="button"
          data-testid="class-delete"
          disabled={!canDelete}
          title={canDelete ? t('deleteClassTitle') : t('keepOneClass')}
          onClick={() => deleteClass(imageClass.id)}
        >
          {t('delete')}
        </button>
      </header>
      <div className="dropzone" data-testid="class-dropzone">
        <span>{adding > 0 ? t('addingImages') : t('classDropText')}</span>
        <label className="file-button">
          {t('chooseFiles')}
          <input data-testid="class-file-input" type="file" multiple accept="image/*,.heic,.heif,.zip" onChange={(e) => pick(e.target)} />
        </label>
        <label className="file-button">
          {t('aFolder')}
          <input data-testid="class-folder-input" type="file" multiple {...FOLDER_PICKER} onChange={(e) => pick(e.target)} />
        </label>
        <button
          type="button"
          className="link"
          data-testid="webcam-open"
          aria-expanded={webcamOpen}
          onClick={() => setWebcamOpen((open) => !open)}
        >
          {webcamOpen ? t('hideWebcam') : t('webcam')}
        </button>
      </div>
      {webcamOpen && <WebcamCapture classId={imageClass.id} onClose={() => setWebcamOpen(false)} />}
      {selectedIds.length > 0 && <SelectionBar classId={imageClass.id} selectedIds={selectedIds} onDone={() => setSelected(new Set())} />}
      {nearView ? (
        <ThumbnailGrid imageIds={imageClass.imageIds} selected={selected} onToggle={toggle} onRemove={remove} />
      ) : (
        <ThumbnailPlaceholder count={count} />
      )}
    </article>
  );
});
