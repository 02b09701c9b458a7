// One training run: check the dataset, embed what the cache lacks, train the head.
import { readImageBytes, unregisterImages } from '../lib/image-registry';
import { errorMessage } from '../lib/error-message';
import { checkDataset, effectiveTestFraction } from '../ml/split';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { useTrainingStore } from '../state/training-store';
import { useTrunkStore } from '../state/trunk-store';
import { mlClient, transferImages } from '../worker/client';
import type { LabelledExample } from '../worker/protocol';

/**
 * Images read and sent per worker call: bounds the bytes in flight. Several trunk batches per
 * call let the worker decode the next batch while the trunk runs (embed-pipeline.ts), and the
 * page reads the next chunk's files while the worker works on this one.
 */
const EMBED_CHUNK = 64;

function datasetProblems(valFraction: number, testFraction: number): string | null {
  const classes = useProjectStore.getState().classes;
  const testShare = effectiveTestFraction(classes.map((c) => c.imageIds.length), testFraction);
  const problems = checkDataset(classes.map((c) => ({ label: c.label, count: c.imageIds.length })), valFraction, testShare);
  return problems.length > 0 ? problems.map((p) => p.message).join(' ') : null;
}

export function trainingBlocker(): string | null {
  const trunk = useTrunkStore.getState();
  if (trunk.status !== 'ready' || !trunk.info) return 'The trunk is not loaded yet.';
  const { valFraction, testFraction } = useTrainingStore.getState().settings;
  return datasetProblems(valFraction, testFraction);
}

async function embedMissing(runId: string, trunkId: string, imageIds: string[]): Promise<void> {
  const client = mlClient();
  const missing = await client.missingEmbeddings(imageIds);
  const training = useTrainingStore.getState();
  training.setEmbedded(0, missing.length);
  const started = performance.now();
  const failed: { id: string; message: string }[] = [];
  const readChunk = (start: number) => {
    const reading = Promise.all(missing.slice(start, start + EMBED_CHUNK).map(readImageBytes));
    reading.catch(() => undefined); // awaited below; this only keeps an abandoned read from being reported as unhandled
    return reading;
  };
  let nextChunk = missing.length > 0 ? readChunk(0) : null;
  for (let start = 0; start < missing.length; start += EMBED_CHUNK) {
    if (useTrainingStore.getState().runId !== runId) return;
    if (useTrunkStore.getState().info?.id !== trunkId) throw new Error('The trunk changed during embedding; start training again.');
    const chunk = await nextChunk!;
    nextChunk = start + EMBED_CHUNK < missing.length ? readChunk(start + EMBED_CHUNK) : null;
    const outcomes = await client.embedImages(runId, transferImages(chunk), missing.length, start);
    for (const outcome of outcomes) if (!outcome.ok) failed.push({ id: outcome.id, message: outcome.message });
  }
  useTrainingStore.getState().setEmbedStats(missing.length, performance.now() - started);
  if (failed.length > 0) {
    for (const { id } of failed) useProjectStore.getState().removeImage(id);
    unregisterImages(failed.map((f) => f.id));
    useNoticeStore.getState().push('warning', `${failed.length} images could not be read and were removed:`, failed.map((f) => f.message));
  }
}

export async function startTraining(): Promise<void> {
  const blocker = trainingBlocker();
  const training = useTrainingStore.getState();
  if (blocker) {
    training.failRun(blocker);
    return;
  }
  const trunkId = useTrunkStore.getState().info!.id;
  const { settings } = training;
  const runId = newId('run');
  training.startRun(runId, settings.epochs);
  try {
    const allIds = useProjectStore.getState().classes.flatMap((c) => c.imageIds);
    await embedMissing(runId, trunkId, allIds);
    if (useTrainingStore.getState().runId !== runId) return;
    const afterEmbedding = datasetProblems(settings.valFraction, settings.testFraction);
    if (afterEmbedding) throw new Error(afterEmbedding);
    const classes = useProjectStore.getState().classes;
    const examples: LabelledExample[] = classes.flatMap((c, classIndex) => c.imageIds.map((id) => ({ id, classIndex })));
    const { valFraction, testFraction: chosenTestFraction, ...config } = settings;
    // A test set only once every class can spare one (split.ts: MIN_CLASS_SIZE_FOR_TEST).
    const testFraction = effectiveTestFraction(classes.map((c) => c.imageIds.length), chosenTestFraction);
    const summary = await mlClient().train({ runId, trunkId, examples, labels: classes.map((c) => c.label), valFraction, testFraction, config });
    useTrainingStore.getState().finishRun(summary);
  } catch (error) {
    if (useTrainingStore.getState().runId === runId) useTrainingStore.getState().failRun(errorMessage(error));
  }
}

export async function stopTraining(): Promise<void> {
  const { runId, status } = useTrainingStore.getState();
  if (!runId) return;
  if (status === 'embedding') {
    // Nothing trained yet: forgetting the run makes the embed loop return at its next chunk.
    useTrainingStore.getState().cancelRun('Stopped before training started.');
    return;
  }
  await mlClient().stopTraining(runId);
}
