import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createProject, deleteProject, openProject, renameProject } from '../../app/project-persistence';
import { openProjectFile, saveProjectFile } from '../../app/project-file-actions';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';
import { selectCurrentProject, useWorkspaceStore } from '../../state/workspace-store';

function SaveStatus() {
  const { t } = useTranslation('dataset');
  const save = useWorkspaceStore((s) => s.save);
  const text = { idle: t('saveIdle'), saving: t('saving'), saved: t('saveIdle'), error: t('notSaved') }[save.state];
  return (
    <span className={`save-status save-${save.state}`} data-testid="save-status" data-state={save.state} title={save.message ?? undefined}>
      {text}
    </span>
  );
}

function RenameForm({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
  const { t } = useTranslation('dataset');
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const commit = async () => {
    const problem = await renameProject(id, draft);
    setError(problem);
    if (!problem) onDone();
  };
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void commit();
      }}
    >
      <input
        data-testid="project-name-input"
        aria-label={t('projectName')}
        value={draft}
        maxLength={200}
        autoFocus
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" data-testid="project-name-save">
        {t('rename')}
      </button>
      <button type="button" onClick={onDone}>
        {t('cancel')}
      </button>
      {error && (
        <p role="alert" className="error" data-testid="project-name-error">
          {error}
        </p>
      )}
    </form>
  );
}

/** Which project is open, the others to switch to, and saving/opening project files. */
export function ProjectBar() {
  const { t } = useTranslation('dataset');
  const projects = useWorkspaceStore((s) => s.projects);
  const currentId = useWorkspaceStore((s) => s.currentId);
  const current = useWorkspaceStore(selectCurrentProject);
  const status = useWorkspaceStore((s) => s.status);
  const busy = useTrainingStore(selectIsBusy);
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [working, setWorking] = useState<string | null>(null);
  const disabled = status !== 'ready' || working !== null;

  const run = async (label: string, work: () => Promise<unknown>) => {
    setWorking(label);
    try {
      await work();
    } finally {
      setWorking(null);
    }
  };

  return (
    <div className="project-bar" data-testid="project-bar">
      <div className="row">
        <label>
          {t('project')}{' '}
          <select
            data-testid="project-select"
            value={currentId ?? ''}
            disabled={disabled || busy}
            title={busy ? t('stopTrainingFirst') : undefined}
            onChange={(e) => void run(t('opening'), () => openProject(e.target.value))}
          >
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {/* Present before the project opens too, so the row keeps its height and nothing below moves. */}
        <span className="muted" data-testid="project-size">
          {current ? t('projectSize', { classes: current.classCount, images: current.imageCount }) : '\u00a0'}
        </span>
        <SaveStatus />
        {working && <span className="muted">{working}</span>}
      </div>
      {renaming && current ? (
        <RenameForm id={current.id} name={current.name} onDone={() => setRenaming(false)} />
      ) : confirmDelete && current ? (
        <div className="row confirm" role="alertdialog" aria-label={t('deleteProjectLabel')}>
          <span>{t('deleteProjectConfirm', { name: current.name, count: current.imageCount })}</span>
          <button
            type="button"
            data-testid="project-delete-confirm"
            onClick={() => {
              setConfirmDelete(false);
              void run(t('deleting'), () => deleteProject(current.id));
            }}
          >
            {t('deleteProject')}
          </button>
          <button type="button" onClick={() => setConfirmDelete(false)}>
            {t('keepIt')}
          </button>
        </div>
      ) : (
        <div className="row">
          <button
            type="button"
            data-testid="project-new"
            disabled={disabled || busy}
            onClick={() => void run(t('creating'), () => createProject())}
          >
            {t('newProject')}
          </button>
          <button type="button" data-testid="project-rename" disabled={disabled} onClick={() => setRenaming(true)}>
            {t('rename')}
          </button>
          <button type="button" data-testid="project-delete" disabled={disabled || busy} onClick={() => setConfirmDelete(true)}>
            {t('deleteEllipsis')}
          </button>
          <button type="button" data-testid="project-save" disabled={disabled} onClick={() => void run(t('savingFile'), saveProjectFile)}>
            {t('saveProjectFile')}
          </button>
          <label className={`file-button${disabled || busy ? ' disabled' : ''}`}>
            {t('openProjectFile')}
            <input
              data-testid="project-open-input"
              type="file"
              accept=".zip,application/zip"
              disabled={disabled || busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void run(t('openingFile'), () => openProjectFile(file));
              }}
            />
          </label>
        </div>
      )}
    </div>
  );
}
