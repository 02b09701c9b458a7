// The one module that installs test hooks: plain-data handles on window that the Playwright specs
// and the benchmarks read (and the fault injection the recovery tests use). main.tsx calls it only
// when `__TEST_HOOKS__` is set (`vite build --mode test-hooks`, vite.config.ts), so a production
// build drops this module and everything only it imports (scripts/production-bundle.test.ts checks).
import { createPipelineAutomation, type TransferLabAutomation } from './automation';
import { createFaultAutomation, type TransferLabFaultAutomation } from './fault-automation';
import { createInteropAutomation, type TransferLabInteropAutomation } from './interop-automation';
import { createLabAutomation, type TransferLabLabAutomation } from './lab-automation';
import { createSpeedAutomation, type TransferLabSpeedAutomation } from './speed-automation';
import { createStudioAutomation, type StudioAutomation } from './studio-automation';

declare global {
  interface Window {
    transferLab?: TransferLabAutomation;
    transferLabStudio?: StudioAutomation;
    transferLabLab?: TransferLabLabAutomation;
    transferLabSpeed?: TransferLabSpeedAutomation;
    transferLabInterop?: TransferLabInteropAutomation;
    transferLabFaults?: TransferLabFaultAutomation;
  }
}

export function installTestHooks(): void {
  window.transferLab = createPipelineAutomation();
  window.transferLabStudio = createStudioAutomation();
  window.transferLabLab = createLabAutomation();
  window.transferLabSpeed = createSpeedAutomation();
  window.transferLabInterop = createInteropAutomation();
  window.transferLabFaults = createFaultAutomation();
}
