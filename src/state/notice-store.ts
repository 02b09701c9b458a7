// Messages about files the app refused or actions that failed, shown until dismissed.
import { create } from 'zustand';
import { newId } from './ids';

export interface Notice {
  id: string;
  kind: 'error' | 'warning' | 'info';
  text: string;
  details: string[];
}

export interface NoticeState {
  notices: Notice[];
  push: (kind: Notice['kind'], text: string, details?: string[]) => void;
  dismiss: (id: string) => void;
}

export const useNoticeStore = create<NoticeState>()((set) => ({
  notices: [],
  push: (kind, text, details = []) => set((state) => ({ notices: [...state.notices, { id: newId('notice'), kind, text, details }] })),
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
}));
