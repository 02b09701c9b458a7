// The trunk ranking as the picker shows it: which run is going and how far it got, then one
// estimate per trunk (ids, numbers and labels only) and which photos it was made on.
import { create } from 'zustand';
import type { RankingProgress, TrunkScore } from '../ml/trunk-scores';

export type TrunkRankingStatus = 'idle' | 'running' | 'stopping' | 'done' | 'stopped' | 'error';

export interface TrunkRankingState {
  status: TrunkRankingStatus;
  runId: string | null;
  /** The trunks being ranked, in the picker's order. */
  trunkIds: string[];
  progress: RankingProgress | null;
  scores: TrunkScore[];
  /** Classes left out of the finished ranking (fewer than 3 photos), by label. */
  leftOut: string[];
  /** The project's classes and photo ids when the ranking started (datasetKey); a different key now means the estimates are out of date. */
  datasetKey: string | null;
  message: string | null;
  start: (runId: string, trunkIds: string[], datasetKey: string, leftOut: string[]) => void;
  setProgress: (runId: string, progress: RankingProgress) => void;
  requestStop: (runId: string) => void;
  finish: (runId: string, scores: TrunkScore[]) => void;
  markStopped: (runId: string) => void;
  fail: (runId: string, message: string) => void;
}

const EMPTY = { runId: null, trunkIds: [], progress: null, scores: [], leftOut: [], datasetKey: null, message: null };

/** One string for a project's classes and their photos, in order: equal strings mean the ranking's photos are unchanged. */
export function datasetKeyOf(classes: { id: string; imageIds: string[] }[]): string {
  return JSON.stringify(classes.map((c) => [c.id, c.imageIds]));
}

export const useTrunkRankingStore = create<TrunkRankingState>()((set, get) => ({
  status: 'idle',
  ...EMPTY,
  start: (runId, trunkIds, datasetKey, leftOut) => set({ ...EMPTY, status: 'running', runId, trunkIds, datasetKey, leftOut }),
  setProgress: (runId, progress) => {
    if (get().runId === runId && get().status === 'running') set({ progress });
  },
  requestStop: (runId) => {
    if (get().runId === runId && get().status === 'running') set({ status: 'stopping' });
  },
  finish: (runId, scores) => {
    if (get().runId === runId) set({ status: 'done', scores, progress: null });
  },
  // Nothing half-shown: a stopped ranking keeps no estimate.
  markStopped: (runId) => {
    if (get().runId === runId) set({ ...EMPTY, status: 'stopped' });
  },
  fail: (runId, message) => {
    if (get().runId === runId) set({ ...EMPTY, status: 'error', message });
  },
}));

export const selectRankingBusy = (state: TrunkRankingState): boolean => state.status === 'running' || state.status === 'stopping';
