// The lab's test hook (window.transferLabLab, installed by test-hooks.ts in test builds only) for
// the Playwright tests and the comparison bench: they drive the lab through its buttons and read
// plain-data results here instead of scraping the table.
import type { LabSettings, StrategyId } from '../ml/lab/lab-types';
import { useLabStore, type LabTask, type StrategyRun } from '../state/lab-store';
import type { LabAssessment, LabCompareSummary, LabDataSizePoint, LabTrunkBlocks } from '../protocol';

export interface LabSnapshot {
  settings: LabSettings;
  selected: StrategyId[];
  comparison: LabTask;
  runs: Partial<Record<StrategyId, StrategyRun>>;
  summary: LabCompareSummary | null;
  blocks: LabTrunkBlocks | null;
  dataSize: LabTask & { points: LabDataSizePoint[] };
  assessment: LabTask & { result: LabAssessment | null };
}

export interface TransferLabLabAutomation {
  snapshot(): LabSnapshot;
}

export function createLabAutomation(): TransferLabLabAutomation {
  return {
    snapshot: () => {
      const { settings, selected, comparison, runs, summary, blocks, dataSize, assessment } = useLabStore.getState();
      // structuredClone: callers get a copy, never the store's own objects.
      return structuredClone({ settings, selected, comparison, runs, summary, blocks, dataSize, assessment });
    },
  };
}
