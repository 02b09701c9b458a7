// Undo for destructive edits (delete images, clear or delete a class): the edit shows at once,
// the stored data goes only when the offer lapses or the next destructive edit replaces it.
import { newId } from '../state/ids';
import { useUndoStore } from '../state/undo-store';

export const UNDO_WINDOW_MS = 10_000;

interface PendingUndo {
  id: string;
  undo: () => void;
  commit: () => void;
  timer: ReturnType<typeof setTimeout>;
}

let pending: PendingUndo | null = null;

/** Shows "text · Undo"; `commit` runs when the offer lapses, `undo` when the user takes it. */
export function offerUndo(text: string, actions: { undo: () => void; commit: () => void }): void {
  commitPendingUndo();
  const id = newId('undo');
  pending = { id, ...actions, timer: setTimeout(() => settle(id, 'commit'), UNDO_WINDOW_MS) };
  useUndoStore.getState().show({ id, text });
}

function settle(id: string, how: 'undo' | 'commit'): void {
  if (!pending || pending.id !== id) return;
  const current = pending;
  pending = null;
  clearTimeout(current.timer);
  useUndoStore.getState().hide(id);
  if (how === 'undo') current.undo();
  else current.commit();
}

export function undoLast(): void {
  if (pending) settle(pending.id, 'undo');
}

/** Makes the pending edit final now (before switching projects, or when a new edit comes). */
export function commitPendingUndo(): void {
  if (pending) settle(pending.id, 'commit');
}
