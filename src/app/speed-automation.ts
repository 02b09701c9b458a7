// The speed area's handle on window for the benchmark: runtime facts from the worker (folded
// trunk or not, backend memory) and a synthetic embedding run for the memory check.
import { mlClient } from '../worker/client';
import type { RuntimeReport, SyntheticEmbedReport } from '../protocol';

export interface TransferLabSpeedAutomation {
  runtimeReport(): Promise<RuntimeReport>;
  embedSynthetic(count: number, size: number): Promise<SyntheticEmbedReport>;
}

declare global {
  interface Window {
    transferLabSpeed?: TransferLabSpeedAutomation;
  }
}

export function installSpeedAutomation(): void {
  window.transferLabSpeed = {
    runtimeReport: () => mlClient().runtimeReport(),
    embedSynthetic: (count, size) => mlClient().embedSynthetic(count, size),
  };
}
