// The evaluation flows: recompute the report and the embedding map whenever the trained model
// or the images change (from cached embeddings: nothing is re-embedded), and live predictions
// for Try-it (files and camera frames).
import { transfer } from 'comlink';
import { errorMessage } from '../lib/error-message';
import { canUseUmap, type ProjectionMethod } from '../ml/projection-options';
import { useEvaluationStore } from '../state/evaluation-store';
import { newId } from '../state/ids';
import { useProjectStore } from '../state/project-store';
import { useUnreadableStore } from '../state/unreadable-store';
import { useTrainingStore } from '../state/training-store';
import { mlClient, onWorkerEvent } from '../worker/client';
import type { LabelledExample } from '../protocol';
import { predictFile, type ClassProbability } from './model-actions';
import { t } from '../lib/i18n';

/** Waits for a burst of changes (several images removed in a row) to settle before recomputing. */
const REFRESH_DELAY_MS = 250;

let connected = false;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let reportRequest = 0;
let mapRequest: string | null = null;

export function connectEvaluation(): void {
  if (connected) return;
  connected = true;
  useTrainingStore.subscribe((state, previous) => {
    if (state.modelReady !== previous.modelReady || state.summary?.runId !== previous.summary?.runId) scheduleRefresh();
  });
  useProjectStore.subscribe((state, previous) => {
    if (state.classes !== previous.classes) scheduleRefresh();
  });
  onWorkerEvent((event) => {
    if (event.type === 'embeddingMapProgressed' && event.requestId === mapRequest)
      useEvaluationStore.getState().setMapProgress(event.fraction);
  });
}

function scheduleRefresh(): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshEvaluation();
  }, REFRESH_DELAY_MS);
}

/** Every photo the model can be scored on: those marked unreadable while training have no embedding. */
function projectExamples(): LabelledExample[] {
  const { reasons } = useUnreadableStore.getState();
  return useProjectStore
    .getState()
    .classes.flatMap((c, classIndex) => c.imageIds.filter((id) => !(id in reasons)).map((id) => ({ id, classIndex })));
}

/** Recomputes the report and the map for the current model and images; clears them when there is no model. */
export async function refreshEvaluation(): Promise<void> {
  if (!useTrainingStore.getState().modelReady) {
    reportRequest++;
    mapRequest = null;
    useEvaluationStore.getState().clear();
    return;
  }
  await Promise.all([refreshReport(), refreshEmbeddingMap()]);
}

async function refreshReport(): Promise<void> {
  const request = ++reportRequest;
  const store = useEvaluationStore.getState();
  store.startReport();
  try {
    const report = await mlClient().evaluate(projectExamples().map((e) => e.id));
    if (request === reportRequest) useEvaluationStore.getState().setReport(report);
  } catch (error) {
    if (request === reportRequest) useEvaluationStore.getState().failReport(errorMessage(error));
  }
}

export async function refreshEmbeddingMap(requested: ProjectionMethod = useEvaluationStore.getState().mapMethod): Promise<void> {
  const requestId = newId('map');
  mapRequest = requestId;
  const examples = projectExamples();
  // A project that grew past UMAP's range falls back to PCA rather than failing.
  const method = requested === 'umap' && !canUseUmap(examples.length) ? 'pca' : requested;
  const store = useEvaluationStore.getState();
  store.setMapMethod(method);
  store.startMap();
  try {
    const map = await mlClient().embeddingMap({ requestId, examples, method });
    if (mapRequest === requestId) useEvaluationStore.getState().setMap(map);
  } catch (error) {
    if (mapRequest === requestId) useEvaluationStore.getState().failMap(errorMessage(error));
  }
}

export interface LivePrediction {
  predictions: ClassProbability[];
  /** From handing the image over to having the probabilities, as the user waits for it. */
  latencyMs: number;
  /** The worker's share (camera frames only). */
  workerMs: number | null;
}

export async function tryImageFile(file: File): Promise<LivePrediction> {
  const started = performance.now();
  const predictions = await predictFile(file);
  return { predictions, latencyMs: performance.now() - started, workerMs: null };
}

/** Classifies one camera frame; the bitmap moves to the worker, which closes it. */
export async function tryCameraFrame(frame: ImageBitmap): Promise<LivePrediction> {
  const started = performance.now();
  const { probabilities, workerMs } = await mlClient().predictFrame(transfer(frame, [frame]));
  const labels = useProjectStore.getState().classes.map((c) => c.label);
  return {
    predictions: probabilities.map((probability, i) => ({
      label: labels[i] ?? t('notices:fallbackClassLabel', { number: i + 1 }),
      probability,
    })),
    latencyMs: performance.now() - started,
    workerMs,
  };
}
