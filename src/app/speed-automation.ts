// The speed area's test hook (window.transferLabSpeed, installed by test-hooks.ts in test builds
// only) for the benchmark: runtime facts from the worker (folded trunk or not, backend memory) and
// a synthetic embedding run for the memory check.
import { mlClient, mlTestClient } from '../worker/client';
import type { RuntimeReport } from '../protocol';
import type { SyntheticEmbedReport } from '../worker/test-hooks-protocol';

export interface TransferLabSpeedAutomation {
  runtimeReport(): Promise<RuntimeReport>;
  embedSynthetic(count: number, size: number): Promise<SyntheticEmbedReport>;
}

export function createSpeedAutomation(): TransferLabSpeedAutomation {
  return {
    runtimeReport: () => mlClient().runtimeReport(),
    embedSynthetic: (count, size) => mlTestClient().embedSynthetic(count, size),
  };
}
