// The one destructive action that can still be undone, as the toast shows it.
import { create } from 'zustand';

export interface UndoOffer {
  id: string;
  text: string;
}

export interface UndoState {
  offer: UndoOffer | null;
  show: (offer: UndoOffer) => void;
  hide: (id: string) => void;
}

export const useUndoStore = create<UndoState>()((set, get) => ({
  offer: null,
  show: (offer) => set({ offer }),
  hide: (id) => {
    if (get().offer?.id === id) set({ offer: null });
  },
}));
