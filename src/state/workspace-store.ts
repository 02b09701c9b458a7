// The project around the dataset, as the UI shows it: which projects exist, which is open, whether
// the autosave has caught up, how far adding images has got, the runs kept with the project, and
// which class a pasted image goes to.
import { create } from 'zustand';
import type { RunRecord } from '../lib/project-schema';

export interface ProjectListItem {
  id: string;
  name: string;
  imageCount: number;
  classCount: number;
  updatedAt: number;
}

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export interface WorkspaceState {
  status: 'loading' | 'ready' | 'error';
  message: string | null;
  projects: ProjectListItem[];
  currentId: string | null;
  save: { state: SaveState; message: string | null };
  /** Images checked so far out of those being added (all drops together); null when idle. */
  ingest: { done: number; total: number } | null;
  runs: RunRecord[];
  activeClassId: string | null;
  /** Whether this tab may change the open project (another tab may be its one writer). */
  access: { readOnly: boolean; message: string | null };
  setLoading: () => void;
  setReady: (currentId: string, projects: ProjectListItem[], runs: RunRecord[]) => void;
  setFailed: (message: string) => void;
  setProjects: (projects: ProjectListItem[]) => void;
  setSave: (state: SaveState, message?: string | null) => void;
  setIngest: (progress: { done: number; total: number } | null) => void;
  setRuns: (runs: RunRecord[]) => void;
  setActiveClass: (classId: string | null) => void;
  setAccess: (readOnly: boolean, message?: string | null) => void;
}

export const useWorkspaceStore = create<WorkspaceState>()((set) => ({
  status: 'loading',
  message: null,
  projects: [],
  currentId: null,
  save: { state: 'idle', message: null },
  ingest: null,
  runs: [],
  activeClassId: null,
  access: { readOnly: false, message: null },
  setLoading: () => set({ status: 'loading', message: null }),
  setReady: (currentId, projects, runs) => set({ status: 'ready', message: null, currentId, projects, runs, activeClassId: null }),
  setFailed: (message) => set({ status: 'error', message }),
  setProjects: (projects) => set({ projects }),
  setSave: (state, message = null) => set({ save: { state, message } }),
  setIngest: (ingest) => set({ ingest }),
  setRuns: (runs) => set({ runs }),
  setActiveClass: (activeClassId) => set({ activeClassId }),
  setAccess: (readOnly, message = null) => set({ access: { readOnly, message } }),
}));

export const selectCurrentProject = (state: WorkspaceState): ProjectListItem | undefined =>
  state.projects.find((p) => p.id === state.currentId);
