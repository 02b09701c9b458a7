// What the export dialog and the import panel show: progress, the quantisation measurement,
// the last export's measured differences, and the model being imported. Plain data only.
import { create } from 'zustand';
import type { ConsumerComparison, QuantizationReport } from '../ml/export-kinds';
import type { ImportPreview } from '../protocol';

export type TaskStatus = 'idle' | 'working' | 'done' | 'error';

export interface InteropProgress {
  task: 'quantization' | 'export';
  done: number;
  total: number;
}

export type ImportStatus = 'idle' | 'reading' | 'preview' | 'applying' | 'done' | 'error';

export interface InteropState {
  exportStatus: TaskStatus;
  exportMessage: string | null;
  /** Other tools' preprocessing vs ours, from the last export (null when not measured). */
  consumers: ConsumerComparison | null;
  progress: InteropProgress | null;
  quantizationStatus: TaskStatus;
  quantizationReport: QuantizationReport | null;
  quantizationMessage: string | null;
  importStatus: ImportStatus;
  importPreview: ImportPreview | null;
  importMessage: string | null;

  startExport: () => void;
  finishExport: (consumers: ConsumerComparison | null) => void;
  failExport: (message: string) => void;
  setProgress: (progress: InteropProgress | null) => void;
  startQuantization: () => void;
  finishQuantization: (report: QuantizationReport) => void;
  failQuantization: (message: string) => void;
  /** The model changed: an earlier measurement no longer describes it. */
  forgetQuantization: () => void;
  startImportReading: () => void;
  showImportPreview: (preview: ImportPreview) => void;
  startImportApplying: () => void;
  finishImport: (message: string) => void;
  failImport: (message: string) => void;
  /** A failure while applying keeps the preview so the user can try another way. */
  failImportApplying: (message: string) => void;
  clearImport: () => void;
}

export const useInteropStore = create<InteropState>()((set) => ({
  exportStatus: 'idle',
  exportMessage: null,
  consumers: null,
  progress: null,
  quantizationStatus: 'idle',
  quantizationReport: null,
  quantizationMessage: null,
  importStatus: 'idle',
  importPreview: null,
  importMessage: null,

  startExport: () => set({ exportStatus: 'working', exportMessage: null, progress: null }),
  finishExport: (consumers) => set({ exportStatus: 'done', consumers, progress: null }),
  failExport: (message) => set({ exportStatus: 'error', exportMessage: message, progress: null }),
  setProgress: (progress) => set({ progress }),
  startQuantization: () => set({ quantizationStatus: 'working', quantizationReport: null, quantizationMessage: null, progress: null }),
  finishQuantization: (report) => set({ quantizationStatus: 'done', quantizationReport: report, progress: null }),
  failQuantization: (message) => set({ quantizationStatus: 'error', quantizationMessage: message, progress: null }),
  forgetQuantization: () => set({ quantizationStatus: 'idle', quantizationReport: null, quantizationMessage: null }),
  startImportReading: () => set({ importStatus: 'reading', importPreview: null, importMessage: null }),
  showImportPreview: (preview) => set({ importStatus: 'preview', importPreview: preview, importMessage: null }),
  startImportApplying: () => set({ importStatus: 'applying', importMessage: null }),
  finishImport: (message) => set({ importStatus: 'done', importPreview: null, importMessage: message }),
  failImport: (message) => set({ importStatus: 'error', importPreview: null, importMessage: message }),
  failImportApplying: (message) => set({ importStatus: 'preview', importMessage: message }),
  clearImport: () => set({ importStatus: 'idle', importPreview: null, importMessage: null }),
}));
