// The lab's flows: prepare the project's images in the worker (each decoded once), then run the
// comparison, the data-size curve or the advisor's measurements; worker events fill the lab store.
import { errorMessage } from '../lib/error-message';
import { readOriginalHandles, unregisterImages } from '../lib/image-registry';
import type { Advice } from '../ml/lab/advisor';
import { rateCandidates } from '../ml/lab/fine-tune-rate';
import { headEpochsBeforeFineTune, SOURCE_STRATEGY_IDS, type LabSettings, type StrategyId } from '../ml/lab/lab-types';
import type { SourceTrunkRecord } from '../ml/lab/source-trunk';
import { selectChosenSourceTrunk, useSourceModelStore } from '../state/source-model-store';
import { readOwnTrunk } from './source-model-actions';
import { checkDataset } from '../ml/split';
import { newId } from '../state/ids';
import { useLabStore, type StrategyRun } from '../state/lab-store';
import { useNoticeStore } from '../state/notice-store';
import { useProjectStore } from '../state/project-store';
import { useTrunkStore } from '../state/trunk-store';
import { mlClient, onWorkerEvent, transferImages } from '../worker/client';
import type { LabDataRequest, LabNeeds } from '../protocol';
import type { LabelledExample } from '../protocol';
import { t } from '../lib/i18n';

/** Images read and sent per worker call: bounds the bytes in flight. */
const PREPARE_CHUNK = 16;

let connected = false;

/** Routes the lab's worker events into the lab store, and the loaded trunk's blocks into the fine-tune slider; once per page, at start-up (App.tsx startApp). */
export function connectLabEvents(): void {
  if (connected) return;
  connected = true;
  onWorkerEvent((event) => {
    const lab = useLabStore.getState();
    switch (event.type) {
      case 'labPrepared':
        if (lab.comparison.runId === event.runId || lab.dataSize.runId === event.runId || lab.assessment.runId === event.runId)
          lab.setPrepared(event.done, event.total);
        break;
      case 'labEpochEnded':
        lab.appendEpoch(event.runId, event.strategy, event.seed, event.epoch);
        break;
      case 'labSeedFinished':
        lab.finishSeed(event.runId, event.summary);
        break;
      case 'labDataSizeMeasured':
        lab.addDataSizePoint(event.runId, event.point);
        break;
    }
  });
  // The fine-tune slider follows the loaded trunk's blocks.
  let trunkId: string | null = null;
  const refreshBlocks = () => {
    const trunk = useTrunkStore.getState();
    const id = trunk.status === 'ready' ? (trunk.info?.id ?? null) : null;
    if (id === trunkId) return;
    trunkId = id;
    if (!id) return;
    void mlClient()
      .labBlocks()
      .then((blocks) => {
        if (useTrunkStore.getState().info?.id !== id) return;
        useLabStore.getState().setBlocks(blocks);
        const { fineTuneBlocks } = useLabStore.getState().settings;
        const units = blocks.unitNames.length;
        if (units > 0 && fineTuneBlocks > units) useLabStore.getState().updateSettings({ fineTuneBlocks: units });
      })
      .catch(() => useLabStore.getState().setBlocks(null));
  };
  useTrunkStore.subscribe(refreshBlocks);
  refreshBlocks();
}

/** `sourceImageSize`: the picture size of your own source model, when a source-* strategy runs. */
export function labNeeds(strategies: StrategyId[], settings: LabSettings, sourceImageSize: number | null = null): LabNeeds {
  const pixelSizes = new Set<number>();
  if (strategies.includes('scratch')) pixelSizes.add(settings.scratchImageSize);
  if (strategies.includes('random-weights')) pixelSizes.add(settings.randomWeightsImageSize);
  if (sourceImageSize !== null && strategies.some((s) => SOURCE_STRATEGY_IDS.includes(s))) pixelSizes.add(sourceImageSize);
  return {
    embeddings: strategies.includes('feature-extraction') || strategies.includes('fine-tune'),
    pixelSizes: [...pixelSizes],
    fineTuneUnits: strategies.includes('fine-tune') ? settings.fineTuneBlocks : null,
  };
}

/** Why the lab cannot start now, or null. */
export function labBlocker(): string | null {
  const trunk = useTrunkStore.getState();
  if (trunk.status !== 'ready' || !trunk.info) return t('notices:trunkNotLoaded');
  const { settings } = useLabStore.getState();
  if (settings.testFraction <= 0) return t('notices:labNeedsTestShare');
  const classes = useProjectStore.getState().classes;
  const problems = checkDataset(
    classes.map((c) => ({ label: c.label, count: c.imageIds.length })),
    settings.valFraction,
    settings.testFraction,
  );
  return problems.length > 0 ? problems.map((p) => p.message).join(' ') : null;
}

function dataRequest(runId: string): LabDataRequest {
  const classes = useProjectStore.getState().classes;
  const examples: LabelledExample[] = classes.flatMap((c, classIndex) => c.imageIds.map((id) => ({ id, classIndex })));
  return {
    runId,
    trunkId: useTrunkStore.getState().info!.id,
    examples,
    labels: classes.map((c) => c.label),
    settings: useLabStore.getState().settings,
  };
}

/** Sends the images the worker lacks something for; unreadable ones are removed from the project with a notice. */
async function prepareImages(runId: string, needs: LabNeeds, isCurrent: () => boolean): Promise<void> {
  const client = mlClient();
  const trunkId = useTrunkStore.getState().info!.id;
  const ids = useProjectStore.getState().classes.flatMap((c) => c.imageIds);
  const missing = await client.labMissing(trunkId, needs, ids);
  useLabStore.getState().setPrepared(0, missing.length);
  const failed: { id: string; message: string }[] = [];
  for (let start = 0; start < missing.length; start += PREPARE_CHUNK) {
    if (!isCurrent()) return;
    const chunk = await readOriginalHandles(missing.slice(start, start + PREPARE_CHUNK));
    const outcomes = await client.labPrepare(runId, trunkId, needs, transferImages(chunk), missing.length, start);
    for (const outcome of outcomes) if (!outcome.ok) failed.push({ id: outcome.id, message: outcome.message });
  }
  if (failed.length > 0) {
    for (const { id } of failed) useProjectStore.getState().removeImage(id);
    unregisterImages(failed.map((f) => f.id));
    useNoticeStore.getState().push(
      'warning',
      t('notices:labImagesRemoved', { count: failed.length }),
      failed.map((f) => f.message),
    );
  }
}

function runNote(strategy: StrategyId, settings: LabSettings): string {
  const blocks = useLabStore.getState().blocks;
  switch (strategy) {
    case 'feature-extraction':
      return t('notices:strategyFeatureExtraction', { rate: settings.headLearningRate });
    case 'fine-tune': {
      const names = blocks?.unitNames.slice(0, settings.fineTuneBlocks) ?? [];
      const what =
        names.length > 0
          ? `${names[0]}${names.length > 1 ? ` … ${names[names.length - 1]}` : ''}`
          : t('notices:strategyFineTuneUnits', { count: settings.fineTuneBlocks });
      return t('notices:strategyFineTune', {
        epochs: headEpochsBeforeFineTune(settings.epochs),
        blocks: settings.fineTuneBlocks,
        what,
        rates: rateCandidates(settings.fineTuneLearningRate, settings.fineTuneRateSteps).join(', '),
      });
    }
    case 'random-weights':
      return t('notices:strategyRandomWeights', { size: settings.randomWeightsImageSize, rate: settings.scratchLearningRate });
    case 'scratch':
      return t('notices:strategyScratch', { size: settings.scratchImageSize, rate: settings.scratchLearningRate });
    case 'source-features':
    case 'source-fine-tune': {
      const own = selectChosenSourceTrunk(useSourceModelStore.getState());
      const values = { name: own?.name ?? '–', size: own?.imageSize ?? 0, rate: settings.headLearningRate };
      return strategy === 'source-features'
        ? t('notices:strategySourceFeatures', values)
        : t('notices:strategySourceFineTune', {
            ...values,
            epochs: headEpochsBeforeFineTune(settings.epochs),
            rates: rateCandidates(settings.fineTuneLearningRate, settings.fineTuneRateSteps).join(', '),
          });
    }
  }
}

/** Runs `strategies` (default: the ticked ones) for every seed; the store shows progress. */
export async function runComparison(strategies: StrategyId[] = useLabStore.getState().selected): Promise<void> {
  const lab = useLabStore.getState();
  const runId = newId('lab');
  const { settings } = lab;
  const blocker = labBlocker() ?? (strategies.length === 0 ? t('notices:tickOneStrategy') : null);
  const runs: Omit<StrategyRun, 'runId' | 'seeds'>[] = strategies.map((strategy) => ({
    strategy,
    note: runNote(strategy, settings),
    epochBudget: settings.epochs,
    unfrozenAfter: strategy === 'fine-tune' ? headEpochsBeforeFineTune(settings.epochs) : null,
  }));
  lab.startComparison(runId, blocker ? [] : runs);
  if (blocker) {
    useLabStore.getState().setComparisonStatus(runId, 'error', blocker);
    return;
  }
  const isCurrent = () => useLabStore.getState().comparison.runId === runId;
  try {
    // Your own source model travels with the request (it is small: ~25 KB for the scratch CNN).
    let sourceTrunk: SourceTrunkRecord | null = null;
    if (strategies.some((s) => SOURCE_STRATEGY_IDS.includes(s))) {
      const chosen = useSourceModelStore.getState().chosenId;
      if (!chosen) throw new Error(t('notices:sourceModelNeeded'));
      sourceTrunk = await readOwnTrunk(chosen);
    }
    await prepareImages(
      runId,
      labNeeds(strategies, settings, sourceTrunk?.imageSize ?? null),
      () => isCurrent() && useLabStore.getState().comparison.status === 'preparing',
    );
    if (!isCurrent() || useLabStore.getState().comparison.status !== 'preparing') return;
    const afterPreparing = labBlocker();
    if (afterPreparing) throw new Error(afterPreparing);
    useLabStore.getState().setComparisonStatus(runId, 'running');
    const summary = await mlClient().labCompare({ ...dataRequest(runId), strategies, sourceTrunk });
    useLabStore.getState().finishComparison(summary);
  } catch (error) {
    useLabStore.getState().setComparisonStatus(runId, 'error', errorMessage(error));
  }
}

/** Stops whichever lab task runs; a run stops after its current batch and keeps its finished epochs. */
export async function stopLab(): Promise<void> {
  const { comparison, dataSize, assessment } = useLabStore.getState();
  for (const task of [comparison, dataSize, assessment]) {
    if (!task.runId) continue;
    if (task.status === 'preparing') {
      // Nothing trains yet: the prepare loop checks the status before each chunk.
      if (task === comparison) useLabStore.getState().setComparisonStatus(task.runId, 'stopped', t('notices:stoppedBeforeTraining'));
      if (task === dataSize) useLabStore.getState().setDataSizeStatus(task.runId, 'stopped', t('notices:stoppedBeforeTraining'));
    }
    if (task.status === 'running' || task.status === 'preparing') await mlClient().labStop(task.runId);
  }
}

/** Test accuracy vs images per class for feature extraction and scratch. */
export async function runDataSizeCurve(): Promise<void> {
  const runId = newId('size');
  const lab = useLabStore.getState();
  lab.startDataSize(runId);
  const blocker = labBlocker();
  if (blocker) {
    useLabStore.getState().setDataSizeStatus(runId, 'error', blocker);
    return;
  }
  const isCurrent = () => useLabStore.getState().dataSize.runId === runId && useLabStore.getState().dataSize.status === 'preparing';
  try {
    await prepareImages(runId, labNeeds(['feature-extraction', 'scratch'], lab.settings), isCurrent);
    if (!isCurrent()) return;
    useLabStore.getState().setDataSizeStatus(runId, 'running');
    const { stoppedEarly } = await mlClient().labDataSize(dataRequest(runId));
    useLabStore.getState().setDataSizeStatus(runId, stoppedEarly ? 'stopped' : 'done', stoppedEarly ? t('notices:dataSizeStopped') : null);
  } catch (error) {
    useLabStore.getState().setDataSizeStatus(runId, 'error', errorMessage(error));
  }
}

/** Measures images per class and the similarity probes for the scenario advisor. */
export async function assessDataset(): Promise<void> {
  const runId = newId('assess');
  const lab = useLabStore.getState();
  lab.startAssessment(runId);
  const blocker = labBlocker();
  if (blocker) {
    useLabStore.getState().failAssessment(runId, blocker);
    return;
  }
  try {
    await prepareImages(
      runId,
      { embeddings: true, pixelSizes: [lab.settings.scratchImageSize], fineTuneUnits: null },
      () => useLabStore.getState().assessment.runId === runId,
    );
    const result = await mlClient().labAssess(dataRequest(runId));
    useLabStore.getState().finishAssessment(runId, result);
  } catch (error) {
    useLabStore.getState().failAssessment(runId, errorMessage(error));
  }
}

/** The advisor's one click: sets the fine-tune depth when the advice needs one, then runs that strategy. */
export async function runAdvice(advice: Advice): Promise<void> {
  const blocks = useLabStore.getState().blocks;
  if (advice.fineTuneBlocks !== null) {
    const available = blocks?.unitNames.length ?? 0;
    const units = advice.fineTuneBlocks === 'all' ? available : Math.min(advice.fineTuneBlocks, available);
    if (units > 0) useLabStore.getState().updateSettings({ fineTuneBlocks: units });
  }
  await runComparison([advice.strategy]);
}
