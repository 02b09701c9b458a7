import { useTranslation } from 'react-i18next';
import { addClass } from '../../app/dataset-actions';
import { importClassFolders } from '../../app/dataset-import';
import { useProjectStore } from '../../state/project-store';
import { useWorkspaceStore } from '../../state/workspace-store';
import { ClassCard } from './ClassCard';
import { ImportBar } from './ImportBar';
import { ProjectBar } from './ProjectBar';
import { UndoToast } from './UndoToast';
import type { DroppedFiles } from '../../lib/dropped-items';
import { useEntryDrop } from './useEntryDrop';
import { usePageDrop } from './usePageDrop';
import { usePasteImages } from './usePasteImages';

/** Always takes its line, so nothing below jumps when adding starts or ends (a click would land elsewhere). */
function IngestProgress() {
  const { t } = useTranslation('dataset');
  const ingest = useWorkspaceStore((s) => s.ingest);
  return (
    <div className="ingest-progress" data-testid="ingest-progress" data-active={ingest !== null} aria-live="polite">
      {ingest && (
        <>
          <span>{t('ingestProgress', { done: ingest.done, total: ingest.total })}</span>
          <progress max={Math.max(1, ingest.total)} value={ingest.done} />
        </>
      )}
    </div>
  );
}

/** A drop on the classes area (or elsewhere on the page): one class per folder. */
const importDrop = (read: () => Promise<DroppedFiles>) => void read().then(({ files, problems }) => importClassFolders(files, problems));

export function DatasetPanel() {
  const { t } = useTranslation('dataset');
  const classes = useProjectStore((s) => s.classes);
  const status = useWorkspaceStore((s) => s.status);
  const message = useWorkspaceStore((s) => s.message);
  const activeClassId = useWorkspaceStore((s) => s.activeClassId);
  const readOnly = useWorkspaceStore((s) => s.access.readOnly);
  // A tab that only shows the project takes no drops (another tab edits it).
  const ready = status === 'ready' && !readOnly;
  const { dragging, handlers } = useEntryDrop(importDrop, ready);
  usePageDrop(importDrop, ready);
  usePasteImages();
  const activeId = classes.some((c) => c.id === activeClassId) ? activeClassId : classes[0]?.id;
  return (
    <section className="panel dataset-panel" aria-label={t('classesRegion')} data-testid="dataset-panel" {...handlers}>
      <h2>{t('title')}</h2>
      <ProjectBar />
      <p className="project-status muted" data-testid="project-status" data-state={status} role={status === 'error' ? 'alert' : undefined}>
        {status === 'loading' ? t('openingProject') : status === 'error' ? message : t('pasteHint')}
      </p>
      <ImportBar dragging={dragging} />
      <IngestProgress />
      <fieldset className="class-list" disabled={!ready} aria-busy={!ready}>
        {classes.map((c) => (
          <ClassCard key={c.id} imageClass={c} canDelete={classes.length > 1} active={c.id === activeId} />
        ))}
      </fieldset>
      <button type="button" data-testid="add-class" disabled={!ready} onClick={addClass}>
        {t('addClass')}
      </button>
      <UndoToast />
    </section>
  );
}
