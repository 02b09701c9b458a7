// Photos the decoder could not read while embedding (a damaged stored file, or the browser ran
// out of memory). They are only marked: they stay in their class and in storage, training skips
// them, and the class shows how many. Marks are not saved: the next training run tries again.
import { create } from 'zustand';

interface UnreadableState {
  /** Image id -> why it could not be read. */
  reasons: Record<string, string>;
  mark: (failures: { id: string; message: string }[]) => void;
  /** Forgets marks (the image was removed, or it was read after all). */
  clear: (ids: string[]) => void;
  clearAll: () => void;
}

export const useUnreadableStore = create<UnreadableState>((set) => ({
  reasons: {},
  mark: (failures) => set((state) => ({ reasons: { ...state.reasons, ...Object.fromEntries(failures.map((f) => [f.id, f.message])) } })),
  clear: (ids) =>
    set((state) => {
      if (!ids.some((id) => id in state.reasons)) return state;
      const reasons = { ...state.reasons };
      for (const id of ids) delete reasons[id];
      return { reasons };
    }),
  clearAll: () => set({ reasons: {} }),
}));

/** The ids among `ids` that are marked unreadable. */
export function unreadableAmong(ids: string[], reasons: Record<string, string> = useUnreadableStore.getState().reasons): string[] {
  return ids.filter((id) => id in reasons);
}
