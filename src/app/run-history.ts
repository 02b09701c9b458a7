// Keeps a record of every training run of the open project, updated from the training store as
// epochs arrive, so the curves are saved while the run is still going.
import type { RunRecord, RunStatus } from '../lib/project-schema';
import { useProjectStore } from '../state/project-store';
import type { RestoredRun, TrainingState, TrainingStatus } from '../state/training-store';

/** Older runs beyond this are dropped from the project (their curves are small, but not nothing). */
export const MAX_RUNS_KEPT = 50;

const STATUS_OF: Partial<Record<TrainingStatus, RunStatus>> = {
  embedding: 'running',
  training: 'running',
  done: 'done',
  stopped: 'stopped',
  error: 'error',
};

/**
 * The runs after a training-store change, or null when nothing about the runs changed. A run is
 * identified by the store's runId; states without a run ('idle' after the model is invalidated,
 * a restored run) leave the records alone, and so does anything after a run has ended.
 */
export function nextRuns(runs: RunRecord[], state: TrainingState, previous: TrainingState): RunRecord[] | null {
  let list = runs;
  if (state.runId && state.runId !== previous.runId) {
    const labels = useProjectStore.getState().classes.map((c) => c.label);
    const record: RunRecord = {
      runId: state.runId,
      status: 'running',
      startedAt: new Date().toISOString(),
      labels,
      settings: { ...state.settings },
      totalEpochs: state.totalEpochs,
      epochs: [],
      outcome: null,
      message: null,
    };
    list = [...list, record].slice(-MAX_RUNS_KEPT);
  }
  const runId = state.runId ?? previous.runId;
  const status = STATUS_OF[state.status];
  const index = runId ? list.findIndex((r) => r.runId === runId) : -1;
  if (index < 0 || !status) return list === runs ? null : list;
  const current = list[index];
  // A run that ended is final. A blocked training attempt starts no run: it shows its message
  // on the store's last run, which must not turn a finished run into a failed one.
  if (current.status !== 'running') return list === runs ? null : list;
  const summary = state.summary?.runId === runId ? state.summary : null;
  const updated: RunRecord = {
    ...current,
    status,
    epochs: state.runId === runId ? state.epochs : current.epochs,
    outcome: summary
      ? {
          stoppedEarly: summary.stoppedEarly,
          trainCount: summary.trainCount,
          valCount: summary.valCount,
          testCount: summary.testCount,
          trainMs: summary.trainMs,
          msPerEpoch: summary.msPerEpoch,
        }
      : current.outcome,
    message: state.message,
  };
  if (
    list === runs &&
    updated.status === current.status &&
    updated.epochs === current.epochs &&
    updated.outcome === current.outcome &&
    updated.message === current.message
  ) {
    return null;
  }
  const next = [...list];
  next[index] = updated;
  return next;
}

/** What the training panel shows for a saved run. */
export function restoredRunOf(run: RunRecord): RestoredRun {
  const status = run.status === 'running' ? 'interrupted' : run.status;
  return {
    status,
    epochs: run.epochs,
    totalEpochs: run.totalEpochs,
    summary: run.outcome ? { runId: run.runId, epochs: run.epochs, ...run.outcome } : null,
    message: run.message,
  };
}
