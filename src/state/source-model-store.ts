// Your own source models as the UI shows them: the kept ones (summaries: names, classes, scores,
// never weights), which one the lab reuses, and the training in progress (its curve).
import { create } from 'zustand';
import { DEFAULT_SOURCE_TRAIN_SETTINGS, type LabEpoch, type SourceTrainSettings } from '../ml/lab/lab-types';
import type { SourceTrunkSummary } from '../ml/lab/source-trunk';

export type SourceTrainingStatus = 'idle' | 'preparing' | 'training' | 'done' | 'stopped' | 'error';

export interface SourceTraining {
  status: SourceTrainingStatus;
  runId: string | null;
  /** What it learns from, in words. */
  sourceName: string | null;
  prepared: { done: number; total: number };
  epochs: LabEpoch[];
  totalEpochs: number;
  message: string | null;
  /** The trunk this training kept, once done. */
  keptId: string | null;
}

const IDLE: SourceTraining = {
  status: 'idle',
  runId: null,
  sourceName: null,
  prepared: { done: 0, total: 0 },
  epochs: [],
  totalEpochs: 0,
  message: null,
  keptId: null,
};

export interface SourceModelState {
  /** Kept source models, oldest first. */
  trunks: SourceTrunkSummary[];
  /** The one the lab's "your own model" strategies reuse. */
  chosenId: string | null;
  settings: SourceTrainSettings;
  training: SourceTraining;

  setTrunks: (trunks: SourceTrunkSummary[]) => void;
  addTrunk: (trunk: SourceTrunkSummary) => void;
  choose: (id: string | null) => void;
  updateSettings: (patch: Partial<SourceTrainSettings>) => void;
  startTraining: (runId: string, sourceName: string, totalEpochs: number) => void;
  setPrepared: (runId: string, done: number, total: number) => void;
  appendEpoch: (runId: string, epoch: LabEpoch) => void;
  finishTraining: (runId: string, keptId: string | null, status: 'done' | 'stopped', message?: string | null) => void;
  failTraining: (runId: string, message: string) => void;
}

export const useSourceModelStore = create<SourceModelState>()((set, get) => ({
  trunks: [],
  chosenId: null,
  settings: DEFAULT_SOURCE_TRAIN_SETTINGS,
  training: IDLE,
  setTrunks: (trunks) =>
    set((state) => {
      const sorted = [...trunks].sort((a, b) => a.createdAt - b.createdAt);
      const chosenId = sorted.some((t) => t.id === state.chosenId) ? state.chosenId : (sorted.at(-1)?.id ?? null);
      return { trunks: sorted, chosenId };
    }),
  addTrunk: (trunk) => set((state) => ({ trunks: [...state.trunks.filter((t) => t.id !== trunk.id), trunk], chosenId: trunk.id })),
  choose: (chosenId) => set({ chosenId }),
  updateSettings: (patch) => set((state) => ({ settings: { ...state.settings, ...patch } })),
  startTraining: (runId, sourceName, totalEpochs) => set({ training: { ...IDLE, status: 'preparing', runId, sourceName, totalEpochs } }),
  setPrepared: (runId, done, total) => {
    if (get().training.runId !== runId) return;
    set((state) => ({ training: { ...state.training, prepared: { done, total } } }));
  },
  appendEpoch: (runId, epoch) => {
    if (get().training.runId !== runId) return;
    set((state) => {
      const status = state.training.status === 'preparing' ? 'training' : state.training.status;
      return { training: { ...state.training, status, epochs: [...state.training.epochs.filter((e) => e.epoch !== epoch.epoch), epoch] } };
    });
  },
  finishTraining: (runId, keptId, status, message = null) => {
    if (get().training.runId !== runId) return;
    set((state) => ({ training: { ...state.training, status, keptId, message } }));
  },
  failTraining: (runId, message) => {
    if (get().training.runId !== runId) return;
    set((state) => ({ training: { ...state.training, status: 'error', message } }));
  },
}));

export const selectSourceTrainingBusy = (state: SourceModelState): boolean =>
  state.training.status === 'preparing' || state.training.status === 'training';

export const selectChosenSourceTrunk = (state: SourceModelState): SourceTrunkSummary | null =>
  state.trunks.find((t) => t.id === state.chosenId) ?? null;
