// Fault injection for the recovery tests (window.transferLabFaults, installed by test-hooks.ts in
// test builds only): end the ML worker as a crash would, or lose its WebGL context as a GPU reset
// would. What the app then does is app/worker-recovery.ts.
import { mlTestClient, terminateWorkerForTest } from '../worker/client';

export interface TransferLabFaultAutomation {
  /** Terminates the ML worker without telling the app; false when none is running. */
  killWorker(): boolean;
  /** Loses the webgl backend's WebGL context (WEBGL_lose_context); false when the worker is not on webgl. */
  loseWebglContext(): Promise<boolean>;
}

export function createFaultAutomation(): TransferLabFaultAutomation {
  return {
    killWorker: () => terminateWorkerForTest(),
    loseWebglContext: () => mlTestClient().loseWebglContext(),
  };
}
