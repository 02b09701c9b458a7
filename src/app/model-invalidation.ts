// A head trained for other classes would predict the wrong labels: whenever the list of classes
// changes (added, removed, restored), the trained model is dropped.
import { useTrainingStore } from '../state/training-store';
import { mlClient } from '../worker/client';

export function invalidateTrainedModel(): void {
  if (!useTrainingStore.getState().modelReady) return;
  useTrainingStore.getState().invalidateModel();
  void mlClient().discardHead();
}
