// Test hooks of the interop area on window (read-only, like automation.ts): the per-image
// numbers behind the export README's comparison with other tools' preprocessing.
import { transfer } from 'comlink';
import { mlClient } from '../worker/client';
import { consumerSample, consumerSampleTransferables } from './consumer-sample';
import type { ConsumerProbabilityRows } from '../protocol';

export interface TransferLabInteropAutomation {
  /** Fetches an image and returns its probabilities under this app's, Teachable Machine's and ml5's preprocessing. */
  consumerProbabilities(url: string): Promise<ConsumerProbabilityRows>;
}

declare global {
  interface Window {
    transferLabInterop?: TransferLabInteropAutomation;
  }
}

export function installInteropAutomation(): void {
  window.transferLabInterop = {
    consumerProbabilities: async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const blob = await response.blob();
      const sample = await consumerSample({ id: url, bytes: await blob.arrayBuffer(), type: blob.type, classIndex: 0 });
      return mlClient().consumerProbabilities(transfer(sample, consumerSampleTransferables(sample)));
    },
  };
}
