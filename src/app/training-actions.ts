// One training run: check the dataset, embed what the cache lacks, train the head.
import { getImage, readOriginalHandles } from '../lib/image-registry';
import { errorMessage } from '../lib/error-message';
import { checkDataset, effectiveTestFraction } from '../ml/split';
import { newId } from '../state/ids';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { useTrainingStore } from '../state/training-store';
import { selectRankingBusy, useTrunkRankingStore } from '../state/trunk-ranking-store';
import { useTrunkStore } from '../state/trunk-store';
import { useUnreadableStore } from '../state/unreadable-store';
import { mlClient, transferImages } from '../worker/client';
import type { LabelledExample } from '../protocol';
import { t } from '../lib/i18n';

/**
 * Images read and sent per worker call, bounded by count and by bytes in flight (a dozen phone
 * photos are as many bytes as a few hundred small JPEGs). Many trunk batches per call let the
 * worker decode the next batch while the trunk runs (embed-pipeline.ts) without a pause at every
 * call; the page reads the next chunk's files while the worker works on this one.
 */
const EMBED_CHUNK_MAX_IMAGES = 256;
const EMBED_CHUNK_MAX_BYTES = 32 * 1024 * 1024;
/** The first call is small: the workers wait while its files are read from storage. */
const EMBED_FIRST_CHUNK_MAX_IMAGES = 32;

/** Consecutive runs of `ids` within the chunk limits (each holds at least one image). */
function planChunks(ids: string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const id of ids) {
    const size = getImage(id)?.byteSize ?? 0;
    const maxImages = chunks.length === 0 ? EMBED_FIRST_CHUNK_MAX_IMAGES : EMBED_CHUNK_MAX_IMAGES;
    if (current.length > 0 && (current.length >= maxImages || bytes + size > EMBED_CHUNK_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(id);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function datasetProblems(valFraction: number, testFraction: number): string | null {
  const classes = readableClasses();
  const testShare = effectiveTestFraction(
    classes.map((c) => c.imageIds.length),
    testFraction,
  );
  const problems = checkDataset(
    classes.map((c) => ({ label: c.label, count: c.imageIds.length })),
    valFraction,
    testShare,
  );
  return problems.length > 0 ? problems.map((p) => p.message).join(' ') : null;
}

export function trainingBlocker(): string | null {
  const trunk = useTrunkStore.getState();
  if (trunk.status !== 'ready' || !trunk.info) return t('notices:trunkNotLoaded');
  if (selectRankingBusy(useTrunkRankingStore.getState())) return t('notices:rankingRunning');
  const { valFraction, testFraction } = useTrainingStore.getState().settings;
  return datasetProblems(valFraction, testFraction);
}

async function embedMissing(runId: string, trunkId: string, imageIds: string[], mirrors: boolean): Promise<void> {
  const client = mlClient();
  const missing = await client.missingEmbeddings(imageIds, mirrors);
  const training = useTrainingStore.getState();
  training.setEmbedded(0, missing.length);
  const started = performance.now();
  const failed: { id: string; message: string }[] = [];
  const chunks = planChunks(missing);
  const readChunk = (ids: string[]) => {
    const reading = readOriginalHandles(ids);
    reading.catch(() => undefined); // awaited below; this only keeps an abandoned read from being reported as unhandled
    return reading;
  };
  let nextChunk = chunks.length > 0 ? readChunk(chunks[0]) : null;
  let start = 0;
  for (let c = 0; c < chunks.length; c++) {
    if (useTrainingStore.getState().runId !== runId) return;
    if (useTrunkStore.getState().info?.id !== trunkId) throw new Error(t('notices:trunkChangedDuringEmbedding'));
    const chunk = await nextChunk!;
    nextChunk = c + 1 < chunks.length ? readChunk(chunks[c + 1]) : null;
    const outcomes = await client.embedImages(runId, transferImages(chunk), missing.length, start, mirrors);
    for (const outcome of outcomes) if (!outcome.ok) failed.push({ id: outcome.id, message: outcome.message });
    start += chunk.length;
  }
  useTrainingStore.getState().setEmbedStats(missing.length, performance.now() - started);
  // Unreadable photos are marked, never removed: they stay in their class and in storage.
  useUnreadableStore.getState().clear(missing.filter((id) => !failed.some((f) => f.id === id)));
  if (failed.length > 0) useUnreadableStore.getState().mark(failed);
}

/** Ids of every class's readable images (those not marked unreadable), class by class. */
function readableClasses(): { label: string; imageIds: string[] }[] {
  const { reasons } = useUnreadableStore.getState();
  return useProjectStore.getState().classes.map((c) => ({ label: c.label, imageIds: c.imageIds.filter((id) => !(id in reasons)) }));
}

function reportSkipped(): void {
  const { reasons } = useUnreadableStore.getState();
  const skipped = useProjectStore
    .getState()
    .classes.flatMap((c) => c.imageIds.filter((id) => id in reasons).map((id) => ({ id, label: c.label })));
  if (skipped.length === 0) return;
  useNoticeStore.getState().push(
    'warning',
    t('notices:photosSkippedInTraining', { count: skipped.length }),
    skipped.map(({ id, label }) => t('notices:skippedPhotoDetail', { name: getImage(id)?.name ?? id, label, reason: reasons[id] })),
  );
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
    await embedMissing(runId, trunkId, allIds, settings.mirrorViews);
    if (useTrainingStore.getState().runId !== runId) return;
    reportSkipped();
    const afterEmbedding = datasetProblems(settings.valFraction, settings.testFraction);
    if (afterEmbedding) throw new Error(afterEmbedding);
    const classes = readableClasses();
    const examples: LabelledExample[] = classes.flatMap((c, classIndex) => c.imageIds.map((id) => ({ id, classIndex })));
    const { valFraction, testFraction: chosenTestFraction, mirrorViews, finalFit, ...config } = settings;
    // A test set only once every class can spare one (split.ts: MIN_CLASS_SIZE_FOR_TEST).
    const testFraction = effectiveTestFraction(
      classes.map((c) => c.imageIds.length),
      chosenTestFraction,
    );
    const headPlacement = useTrunkStore.getState().headPlacementPreference;
    const summary = await mlClient().train({
      runId,
      trunkId,
      examples,
      labels: classes.map((c) => c.label),
      valFraction,
      testFraction,
      config,
      headPlacement,
      mirrorViews,
      finalFit,
    });
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
    useTrainingStore.getState().cancelRun(t('notices:stoppedBeforeTraining'));
    return;
  }
  await mlClient().stopTraining(runId);
}
