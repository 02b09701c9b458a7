// Which trunk runs, how far its loading got, and which backend the worker chose (and why).
import { create } from 'zustand';
import type { BackendPreference, HeadPlacementPreference, TrunkInfo } from '../protocol';

export type TrunkStatus = 'idle' | 'loading' | 'ready' | 'missing' | 'error';

export interface TrunkState {
  selectedId: string;
  status: TrunkStatus;
  progress: number;
  stage: 'download' | 'backend';
  info: TrunkInfo | null;
  message: string | null;
  backendPreference: BackendPreference;
  /** Where the head trains while a GPU runs the trunk (auto: where it measured faster on this device). */
  headPlacementPreference: HeadPlacementPreference;
  startLoading: (id: string) => void;
  setProgress: (fraction: number, stage: 'download' | 'backend') => void;
  setReady: (info: TrunkInfo) => void;
  setMissing: (id: string, message: string) => void;
  setError: (message: string) => void;
  setBackendPreference: (preference: BackendPreference) => void;
  setHeadPlacementPreference: (preference: HeadPlacementPreference) => void;
}

export const useTrunkStore = create<TrunkState>()((set) => ({
  selectedId: '',
  status: 'idle',
  progress: 0,
  stage: 'download',
  info: null,
  message: null,
  backendPreference: 'auto',
  headPlacementPreference: 'auto',
  startLoading: (id) => set({ selectedId: id, status: 'loading', progress: 0, stage: 'download', message: null }),
  setProgress: (progress, stage) => set({ progress, stage }),
  setReady: (info) => set({ status: 'ready', info, progress: 1, message: null, selectedId: info.id }),
  setMissing: (id, message) => set({ selectedId: id, status: 'missing', message }),
  setError: (message) => set({ status: 'error', message }),
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  setHeadPlacementPreference: (headPlacementPreference) => set({ headPlacementPreference }),
}));
