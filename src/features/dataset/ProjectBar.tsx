import { useState } from 'react';
import { createProject, deleteProject, openProject, renameProject } from '../../app/project-persistence';
import { openProjectFile, saveProjectFile } from '../../app/project-file-actions';
import { selectIsBusy, useTrainingStore } from '../../state/training-store';
import { selectCurrentProject, useWorkspaceStore } from '../../state/workspace-store';

function SaveStatus() {
  const save = useWorkspaceStore((s) => s.save);
  const text = { idle: 'Saved in this browser', saving: 'Saving…', saved: 'Saved in this browser', error: 'Not saved' }[save.state];
  return (
    <span className={`save-status save-${save.state}`} data-testid="save-status" data-state={save.state} title={save.message ?? undefined}>
      {text}
    </span>
  );
}

function RenameForm({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
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
      <input data-testid="project-name-input" aria-label="Project name" value={draft} maxLength={200} autoFocus onChange={(e) => setDraft(e.target.value)} />
      <button type="submit" data-testid="project-name-save">
        Rename
      </button>
      <button type="button" onClick={onDone}>
        Cancel
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
          Project{' '}
          <select
            data-testid="project-select"
            value={currentId ?? ''}
            disabled={disabled || busy}
            title={busy ? 'Stop training before switching projects' : undefined}
            onChange={(e) => void run('Opening…', () => openProject(e.target.value))}
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
          {current ? `${current.classCount} classes, ${current.imageCount} images` : '\u00a0'}
        </span>
        <SaveStatus />
        {working && <span className="muted">{working}</span>}
      </div>
      {renaming && current ? (
        <RenameForm id={current.id} name={current.name} onDone={() => setRenaming(false)} />
      ) : confirmDelete && current ? (
        <div className="row confirm" role="alertdialog" aria-label="Delete project">
          <span>
            Delete “{current.name}” and its {current.imageCount} images from this browser? This cannot be undone (save a project file first to keep a copy).
          </span>
          <button
            type="button"
            data-testid="project-delete-confirm"
            onClick={() => {
              setConfirmDelete(false);
              void run('Deleting…', () => deleteProject(current.id));
            }}
          >
            Delete project
          </button>
          <button type="button" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <div className="row">
          <button type="button" data-testid="project-new" disabled={disabled || busy} onClick={() => void run('Creating…', () => createProject())}>
            New project
          </button>
          <button type="button" data-testid="project-rename" disabled={disabled} onClick={() => setRenaming(true)}>
            Rename
          </button>
          <button type="button" data-testid="project-delete" disabled={disabled || busy} onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
          <button type="button" data-testid="project-save" disabled={disabled} onClick={() => void run('Saving project file…', saveProjectFile)}>
            Save project file
          </button>
          <label className={`file-button${disabled || busy ? ' disabled' : ''}`}>
            Open project file
            <input
              data-testid="project-open-input"
              type="file"
              accept=".zip,application/zip"
              disabled={disabled || busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void run('Opening project file…', () => openProjectFile(file));
              }}
            />
          </label>
        </div>
      )}
    </div>
  );
}
