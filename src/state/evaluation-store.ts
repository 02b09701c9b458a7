// What the evaluation view shows: the report on the held-out images, the embedding map, the
// selected confusion-matrix cell, and the "unknown" threshold (read by Try-it and, later, by the
// export's example code). Plain data only: ids, class indices and numbers.
import { create } from 'zustand';
import type { ProjectionMethod } from '../ml/projection-options';
import type { EmbeddingMap, EvaluationReport } from '../protocol';

export type EvaluationStatus = 'idle' | 'computing' | 'ready' | 'error';

export interface MatrixCell {
  trueClass: number;
  predictedClass: number;
}

export interface EvaluationState {
  /** Predictions whose top probability is below this show as "not sure"; null: always answer. */
  unknownThreshold: number | null;
  status: EvaluationStatus;
  report: EvaluationReport | null;
  message: string | null;
  selectedCell: MatrixCell | null;
  mapMethod: ProjectionMethod;
  mapStatus: EvaluationStatus;
  mapProgress: number;
  map: EmbeddingMap | null;
  mapMessage: string | null;
  setUnknownThreshold: (threshold: number | null) => void;
  startReport: () => void;
  setReport: (report: EvaluationReport) => void;
  failReport: (message: string) => void;
  selectCell: (cell: MatrixCell | null) => void;
  setMapMethod: (method: ProjectionMethod) => void;
  startMap: () => void;
  setMapProgress: (fraction: number) => void;
  setMap: (map: EmbeddingMap) => void;
  failMap: (message: string) => void;
  /** No model (or no images): nothing to show. */
  clear: () => void;
}

const cleared = {
  status: 'idle' as const,
  report: null,
  message: null,
  selectedCell: null,
  mapStatus: 'idle' as const,
  mapProgress: 0,
  map: null,
  mapMessage: null,
};

export const useEvaluationStore = create<EvaluationState>()((set) => ({
  unknownThreshold: null,
  mapMethod: 'pca',
  ...cleared,
  setUnknownThreshold: (threshold) => set({ unknownThreshold: threshold === null ? null : Math.min(1, Math.max(0, threshold)) }),
  startReport: () => set({ status: 'computing', message: null }),
  setReport: (report) =>
    set((state) => ({
      status: 'ready',
      report,
      message: null,
      // A cell of the previous report may not exist (or mean the same images) any more.
      selectedCell: state.report?.runId === report.runId ? state.selectedCell : null,
    })),
  failReport: (message) => set({ status: 'error', message, report: null, selectedCell: null }),
  selectCell: (selectedCell) => set({ selectedCell }),
  setMapMethod: (mapMethod) => set({ mapMethod }),
  startMap: () => set({ mapStatus: 'computing', mapProgress: 0, mapMessage: null }),
  setMapProgress: (mapProgress) => set({ mapProgress }),
  setMap: (map) => set({ mapStatus: 'ready', map, mapMessage: null, mapProgress: 1 }),
  failMap: (mapMessage) => set({ mapStatus: 'error', mapMessage }),
  clear: () => set(cleared),
}));

/** The examples of the selected confusion-matrix cell (indices into report.examples). */
export const selectCellExamples = (state: EvaluationState): number[] => {
  const { report, selectedCell } = state;
  if (!report || !selectedCell) return [];
  return report.examples.flatMap((e, i) =>
    e.trueClass === selectedCell.trueClass && e.predictedClass === selectedCell.predictedClass ? [i] : [],
  );
};
