// Routes the worker's events into the stores (and its end into worker-recovery.ts); components
// only read the stores.
import { useTrainingStore } from '../state/training-store';
import { useTrunkRankingStore } from '../state/trunk-ranking-store';
import { useTrunkStore } from '../state/trunk-store';
import { onWorkerEvent } from '../worker/client';
import { connectWorkerRecovery } from './worker-recovery';

let connected = false;

export function connectWorkerEvents(): void {
  if (connected) return;
  connected = true;
  connectWorkerRecovery();
  onWorkerEvent((event) => {
    switch (event.type) {
      case 'trunkProgressed':
        useTrunkStore.getState().setProgress(event.fraction, event.stage);
        break;
      case 'embedded':
        if (useTrainingStore.getState().runId === event.runId) useTrainingStore.getState().setEmbedded(event.done, event.total);
        break;
      case 'epochEnded':
        useTrainingStore.getState().appendEpoch(event.runId, event.log);
        break;
      case 'finalFitProgressed':
        useTrainingStore
          .getState()
          .setFinalFit(event.runId, { epoch: event.epoch, totalEpochs: event.totalEpochs, examples: event.examples });
        break;
      case 'trainFinished':
        useTrainingStore.getState().finishRun(event.summary);
        break;
      case 'trunkRankingProgressed':
        useTrunkRankingStore.getState().setProgress(event.runId, event.progress);
        break;
      case 'failed':
        if (useTrainingStore.getState().runId === event.runId) useTrainingStore.getState().failRun(event.message);
        break;
    }
  });
}
