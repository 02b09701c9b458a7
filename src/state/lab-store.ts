// The transfer-vs-scratch lab as the UI shows it: settings, which strategies run, their
// per-epoch curves per seed (appended as events arrive), the data-size curve and the advisor's
// measurements. Plain data only.
import { create } from 'zustand';
import {
  DEFAULT_LAB_SETTINGS,
  DEFAULT_STRATEGY_IDS,
  STRATEGY_IDS,
  type LabEpoch,
  type LabSettings,
  type StrategyId,
} from '../ml/lab/lab-types';
import { meanTransferBenefits, type TransferBenefits } from '../ml/lab/transfer-benefits';
import type { LabAssessment, LabCompareSummary, LabDataSizePoint, LabSeedSummary, LabTrunkBlocks } from '../protocol';

export type LabStatus = 'idle' | 'preparing' | 'running' | 'done' | 'stopped' | 'error';

export interface SeedRun {
  seed: number;
  epochs: LabEpoch[];
  testAccuracy: number | null;
  wallMs: number | null;
  finished: boolean;
}

export interface StrategyRun {
  strategy: StrategyId;
  runId: string;
  /** The settings that shaped this run, in words (e.g. "top 1 unit: Conv_1, lr 1e-5"). */
  note: string;
  epochBudget: number;
  /** For fine-tuning: the epoch after which blocks were unfrozen. */
  unfrozenAfter: number | null;
  seeds: SeedRun[];
}

export interface LabTask {
  status: LabStatus;
  runId: string | null;
  message: string | null;
}

const IDLE_TASK: LabTask = { status: 'idle', runId: null, message: null };

export interface LabState {
  settings: LabSettings;
  selected: StrategyId[];
  comparison: LabTask;
  prepared: { done: number; total: number };
  runs: Partial<Record<StrategyId, StrategyRun>>;
  summary: LabCompareSummary | null;
  blocks: LabTrunkBlocks | null;
  dataSize: LabTask & { points: LabDataSizePoint[] };
  assessment: LabTask & { result: LabAssessment | null };

  updateSettings: (patch: Partial<LabSettings>) => void;
  toggleStrategy: (strategy: StrategyId, on: boolean) => void;
  setBlocks: (blocks: LabTrunkBlocks | null) => void;
  /** Starts a comparison: the given strategies' old runs are replaced, the others stay for reference. */
  startComparison: (runId: string, runs: Omit<StrategyRun, 'runId' | 'seeds'>[]) => void;
  setComparisonStatus: (runId: string, status: LabStatus, message?: string | null) => void;
  setPrepared: (done: number, total: number) => void;
  appendEpoch: (runId: string, strategy: StrategyId, seed: number, epoch: LabEpoch) => void;
  finishSeed: (runId: string, summary: LabSeedSummary) => void;
  finishComparison: (summary: LabCompareSummary) => void;
  startDataSize: (runId: string) => void;
  setDataSizeStatus: (runId: string, status: LabStatus, message?: string | null) => void;
  addDataSizePoint: (runId: string, point: LabDataSizePoint) => void;
  startAssessment: (runId: string) => void;
  finishAssessment: (runId: string, result: LabAssessment) => void;
  failAssessment: (runId: string, message: string) => void;
  reset: () => void;
}

function initialState() {
  return {
    settings: DEFAULT_LAB_SETTINGS,
    selected: [...DEFAULT_STRATEGY_IDS],
    comparison: IDLE_TASK,
    prepared: { done: 0, total: 0 },
    runs: {},
    summary: null,
    blocks: null,
    dataSize: { ...IDLE_TASK, points: [] },
    assessment: { ...IDLE_TASK, result: null },
  };
}

function upsertSeed(run: StrategyRun, seed: number, change: (current: SeedRun) => SeedRun): StrategyRun {
  const existing = run.seeds.find((s) => s.seed === seed) ?? { seed, epochs: [], testAccuracy: null, wallMs: null, finished: false };
  const seeds = [...run.seeds.filter((s) => s.seed !== seed), change(existing)].sort((a, b) => a.seed - b.seed);
  return { ...run, seeds };
}

export const useLabStore = create<LabState>()((set, get) => ({
  ...initialState(),
  updateSettings: (patch) => set((state) => ({ settings: { ...state.settings, ...patch } })),
  toggleStrategy: (strategy, on) =>
    set((state) => ({ selected: STRATEGY_IDS.filter((id) => (id === strategy ? on : state.selected.includes(id))) })),
  setBlocks: (blocks) => set({ blocks }),
  startComparison: (runId, runs) =>
    set((state) => {
      const next = { ...state.runs };
      for (const run of runs) next[run.strategy] = { ...run, runId, seeds: [] };
      return { comparison: { status: 'preparing', runId, message: null }, prepared: { done: 0, total: 0 }, runs: next, summary: null };
    }),
  setComparisonStatus: (runId, status, message = null) => {
    if (get().comparison.runId !== runId) return;
    set({ comparison: { status, runId, message } });
  },
  setPrepared: (done, total) => set({ prepared: { done, total } }),
  appendEpoch: (runId, strategy, seed, epoch) =>
    set((state) => {
      const run = state.runs[strategy];
      if (!run || run.runId !== runId) return {};
      const updated = upsertSeed(run, seed, (current) => ({
        ...current,
        epochs: [...current.epochs.filter((e) => e.epoch !== epoch.epoch), epoch],
      }));
      // Events travel on their own channel and can arrive after the run's result: they add data
      // but never move a finished comparison back to running.
      const comparison = state.comparison.status === 'preparing' ? { ...state.comparison, status: 'running' as const } : state.comparison;
      return { runs: { ...state.runs, [strategy]: updated }, comparison };
    }),
  finishSeed: (runId, summary) =>
    set((state) => {
      const run = state.runs[summary.strategy];
      if (!run || run.runId !== runId) return {};
      const updated = upsertSeed(run, summary.seed, (current) => ({
        ...current,
        testAccuracy: summary.testAccuracy,
        wallMs: summary.wallMs,
        finished: !summary.stoppedEarly,
      }));
      return { runs: { ...state.runs, [summary.strategy]: updated } };
    }),
  finishComparison: (summary) => {
    if (get().comparison.runId !== summary.runId) return;
    set({
      summary,
      comparison: {
        status: summary.stoppedEarly ? 'stopped' : 'done',
        runId: summary.runId,
        message: summary.stoppedEarly ? 'Stopped: the curves show the epochs that finished.' : null,
      },
    });
  },
  startDataSize: (runId) => set({ dataSize: { status: 'preparing', runId, message: null, points: [] } }),
  setDataSizeStatus: (runId, status, message = null) => {
    if (get().dataSize.runId !== runId) return;
    set((state) => ({ dataSize: { ...state.dataSize, status, message } }));
  },
  addDataSizePoint: (runId, point) => {
    if (get().dataSize.runId !== runId) return;
    set((state) => ({
      dataSize: {
        ...state.dataSize,
        status: state.dataSize.status === 'preparing' ? 'running' : state.dataSize.status,
        points: [...state.dataSize.points, point],
      },
    }));
  },
  startAssessment: (runId) => set({ assessment: { status: 'running', runId, message: null, result: null } }),
  finishAssessment: (runId, result) => {
    if (get().assessment.runId !== runId) return;
    set({ assessment: { status: 'done', runId, message: null, result } });
  },
  failAssessment: (runId, message) => {
    if (get().assessment.runId !== runId) return;
    set({ assessment: { status: 'error', runId, message, result: null } });
  },
  reset: () => set(initialState()),
}));

const BUSY: LabStatus[] = ['preparing', 'running'];

/** True while any lab task runs: they share the worker, so only one starts at a time. */
export const selectLabBusy = (state: LabState): boolean =>
  BUSY.includes(state.comparison.status) || BUSY.includes(state.dataSize.status) || BUSY.includes(state.assessment.status);

/** The three promises of a strategy, averaged over its seeds; null before its first epoch. */
export function transferBenefitsOfRun(run: StrategyRun | undefined): TransferBenefits | null {
  return run ? meanTransferBenefits(run.seeds.map((s) => s.epochs)) : null;
}

/** Mean over the seeds that have one; null when none has. */
export function meanOf(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : null;
}
