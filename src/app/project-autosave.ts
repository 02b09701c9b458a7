// Autosave of one open project, as one object with explicit states:
//   idle      everything shown is stored
//   dirty     a change waits for the save delay
//   saving    a write is in flight (changes made meanwhile make it dirty again afterwards)
//   failed    the last write failed (storage full, ...): the changes stay pending and the next
//             change or flush tries again
//   read-only another tab edits this project: nothing is written, changes are ignored
// A save writes the class list, the settings and the runs. It never deletes a stored image:
// photos leave storage only through an explicit delete (dataset-actions.ts, after its undo).
import { errorMessage } from '../lib/error-message';
import { ReadOnlyProjectError, saveProjectDocument, saveRuns, type ProjectDocument, type ProjectSummary } from '../lib/project-db';
import type { RunRecord } from '../lib/project-schema';
import { isQuotaError, StorageFullError } from '../lib/storage-errors';
import { t } from '../lib/i18n';

export type AutosaveState = 'idle' | 'dirty' | 'saving' | 'failed' | 'read-only';
export type AutosavePart = 'document' | 'runs';

/** What the screen shows now, read when a save starts. */
export interface AutosaveSource {
  document(projectId: string): ProjectDocument;
  runs(): RunRecord[];
}

export interface AutosaveListener {
  /** Every state change; `message` says why for 'failed' and 'read-only'. */
  state(state: AutosaveState, message: string | null): void;
  /** After each successful write (other tabs are told, the project list updated). */
  saved(summary: ProjectSummary, parts: Record<AutosavePart, boolean>): void;
}

/** The first unsaved change is written at most this long after it, even while epochs keep arriving. */
export const SAVE_DELAY_MS = 200;

export class ProjectAutosave {
  private current: AutosaveState;
  private message: string | null = null;
  private dirty: Record<AutosavePart, boolean> = { document: false, runs: false };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private summary: ProjectSummary;

  constructor(
    summary: ProjectSummary,
    private readonly source: AutosaveSource,
    private readonly listener: AutosaveListener,
    options: { readOnly: boolean; readOnlyMessage?: string; delayMs?: number } = { readOnly: false },
  ) {
    this.summary = summary;
    this.delayMs = options.delayMs ?? SAVE_DELAY_MS;
    this.current = options.readOnly ? 'read-only' : 'idle';
    this.message = options.readOnly ? (options.readOnlyMessage ?? null) : null;
  }

  private readonly delayMs: number;

  get state(): AutosaveState {
    return this.current;
  }

  get projectId(): string {
    return this.summary.id;
  }

  get projectSummary(): ProjectSummary {
    return this.summary;
  }

  /** The summary changed elsewhere (a rename): later saves keep it. */
  setSummary(summary: ProjectSummary): void {
    this.summary = summary;
  }

  private setState(state: AutosaveState, message: string | null = null): void {
    if (state === this.current && message === this.message) return;
    this.current = state;
    this.message = message;
    this.listener.state(state, message);
  }

  /** A change to save; ignored (false) when this tab may not write. */
  markDirty(part: AutosavePart): boolean {
    if (this.current === 'read-only') return false;
    this.dirty = { ...this.dirty, [part]: true };
    if (this.current !== 'saving') this.setState('dirty');
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    return true;
  }

  /** Writes whatever is unsaved now; resolves when storage matches the screen (or the write failed). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight) await this.inFlight;
    if (this.current === 'read-only' || (!this.dirty.document && !this.dirty.runs)) return;
    this.inFlight = this.write().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  private async write(): Promise<void> {
    const parts = this.dirty;
    this.dirty = { document: false, runs: false };
    this.setState('saving');
    try {
      let summary = this.summary;
      if (parts.document) {
        const document = this.source.document(summary.id);
        summary = {
          ...summary,
          updatedAt: Date.now(),
          classCount: document.classes.length,
          imageCount: document.classes.reduce((n, c) => n + c.imageIds.length, 0),
        };
        await saveProjectDocument(summary, document);
        this.summary = summary;
      }
      if (parts.runs) await saveRuns(summary.id, this.source.runs());
      this.listener.saved(summary, parts);
      if (this.current !== 'saving') return;
      if (this.dirty.document || this.dirty.runs) {
        this.setState('dirty');
        this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
      } else this.setState('idle');
    } catch (error) {
      if (error instanceof ReadOnlyProjectError) {
        this.dirty = { document: false, runs: false };
        this.setState('read-only', error.message);
        return;
      }
      // Still unsaved: the next change (or flush) tries again.
      this.dirty = { document: this.dirty.document || parts.document, runs: this.dirty.runs || parts.runs };
      this.setState('failed', saveFailureMessage(error));
    }
  }

  /**
   * Another tab takes over (`true`): what is unsaved is written first, then nothing more. This
   * tab takes over (`false`): saving resumes, from a clean state (the caller reloads the project).
   */
  async setReadOnly(readOnly: boolean, message: string | null = null): Promise<void> {
    if (readOnly) {
      await this.flush();
      this.dirty = { document: false, runs: false };
      this.setState('read-only', message);
    } else if (this.current === 'read-only') {
      this.setState('idle');
    }
  }

  /** The write lock is gone (stolen): stops at once, without the final write. */
  stop(message: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = { document: false, runs: false };
    this.setState('read-only', message);
  }
}

export function saveFailureMessage(error: unknown): string {
  if (error instanceof StorageFullError) return error.message;
  if (isQuotaError(error)) return new StorageFullError('the latest changes were not saved').message;
  return t('notices:savingFailed', { error: errorMessage(error) });
}
