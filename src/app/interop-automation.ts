// The interop area's test hook (window.transferLabInterop, installed by test-hooks.ts in test
// builds only): the per-image numbers behind the export README's comparison with other tools'
// preprocessing.
import { transfer } from 'comlink';
import { mlClient } from '../worker/client';
import { fetchTestImage } from './automation';
import { consumerSample, consumerSampleTransferables } from './consumer-sample';
import type { ConsumerProbabilityRows } from '../protocol';

export interface TransferLabInteropAutomation {
  /** Fetches an image (this origin or a data: URL) and returns its probabilities under this app's, Teachable Machine's and ml5's preprocessing. */
  consumerProbabilities(url: string): Promise<ConsumerProbabilityRows>;
}

export function createInteropAutomation(): TransferLabInteropAutomation {
  return {
    consumerProbabilities: async (url) => {
      const blob = await fetchTestImage(url);
      const sample = await consumerSample({ id: url, bytes: await blob.arrayBuffer(), type: blob.type, classIndex: 0 });
      return mlClient().consumerProbabilities(transfer(sample, consumerSampleTransferables(sample)));
    },
  };
}
