import * as tf from '@tensorflow/tfjs';
import { predictTensor } from '../predict-tensor';
import { preprocessPixels, type PixelImage } from '../preprocess';
import { readRows } from '../rows';
import { checkDataset, stratifiedSplit } from '../split';
import type { EmbeddedSet } from '../train-head';
import type { Trunk } from '../trunk';
import { floatsPerImage } from './boundary-encoder';
import { dataSizeSteps, subsamplePerClass } from './data-size';
import { depthCandidates } from './fine-tune-depth';
import { rateCandidates } from './fine-tune-rate';
import { LabCache } from './lab-cache';
import type {
  LabAssessment,
  LabCompareSummary,
  LabDataSizePoint,
  LabNeeds,
  LabRunRequest,
  LabSeedSummary,
  LabTrunkBlocks,
} from './lab-run-types';
import { activationKey, encoderFor, LabTrunkCopies, requireBlocks, type TrunkCopy } from './lab-trunk-copy';
import { headEpochsBeforeFineTune, type LabEpoch, type LabSettings, type StrategyId } from './lab-types';
import { unitCount } from './mobilenet-blocks';
import { measureSimilarity, thumbnail } from './similarity';
import {
  runFeatureExtraction,
  runFineTune,
  runRandomWeights,
  runScratch,
  type RunHooks,
  type RunResult,
  type Splits,
} from './strategy-runs';
import type { SampleSet } from './train-model';
import { disposeModelFully } from '../memory';
import { loadSourceTrunk } from './source-model';
import { runSourceFeatureExtraction, runSourceFineTune } from './source-runs';
import { recordArtifacts, type SourceTrunkRecord } from './source-trunk';

/**
 * The lab's orchestration: prepare each image once (embedding, boundary activations, small
 * pixels), split the project, run the strategies seed by seed and report every epoch, measure the
 * data-size curve and the advisor's probes. The ML worker's lab service only dispatches to these,
 * passing the session's embeddings (LabEmbeddings), the lab's caches (LabWorkspace) and hooks that
 * turn progress into events.
 */

/** Images run through the trunk together while preparing. */
export const PREPARE_BATCH = 16;
/** Activations cached for fine-tuning stay under this, or the run is refused with a clear message. */
export const ACTIVATION_BUDGET_BYTES = 512 * 1024 * 1024;
const THUMBNAIL_SIZE = 16;

/** What the lab reads and writes of the ML worker's session: the loaded trunk and its embedding cache. */
export interface LabEmbeddings {
  trunk(): Trunk;
  trunkArtifacts(): tf.io.ModelArtifacts;
  missingEmbeddings(ids: string[]): string[];
  embeddingsOf(ids: string[]): Float32Array[];
  storeEmbedding(id: string, embedding: Float32Array): void;
}

/** What the lab keeps between commands: the per-image caches and the trunk copy. */
export interface LabWorkspace {
  session: LabEmbeddings;
  cache: LabCache;
  copies: LabTrunkCopies;
  /** Your own source trunk, built once per comparison's record and backend (frozen; fine-tuning builds fresh copies). */
  ownTrunk: { key: string; model: tf.LayersModel } | null;
}

export function createLabWorkspace(session: LabEmbeddings): LabWorkspace {
  return { session, cache: new LabCache(), copies: new LabTrunkCopies(), ownTrunk: null };
}

async function ownTrunkModel(workspace: LabWorkspace, record: SourceTrunkRecord): Promise<tf.LayersModel> {
  const key = `${record.id}|${record.createdAt}|${tf.getBackend()}`;
  if (workspace.ownTrunk?.key === key) return workspace.ownTrunk.model;
  if (workspace.ownTrunk) disposeModelFully(workspace.ownTrunk.model);
  workspace.ownTrunk = null;
  const model = await loadSourceTrunk(recordArtifacts(record));
  workspace.ownTrunk = { key, model };
  return model;
}

function requireSourceTrunk(record: SourceTrunkRecord | null | undefined): SourceTrunkRecord {
  if (!record) throw new Error('Train or choose your own source model first: the "your own source model" strategies reuse it.');
  return record;
}

/** How a long lab command is stopped and lets its worker breathe. */
export interface LabRunControl {
  /** Awaited after every batch and epoch: a worker yields to its message queue here. */
  yieldNow: () => Promise<void>;
  shouldStop: () => boolean;
}

/** The project split once for a lab command, with each image's id and class. */
export interface PreparedSplit {
  classIndex: number[];
  ids: string[];
  trainIndices: number[];
  valIndices: number[];
  testIndices: number[];
}

function trunkCopy(workspace: LabWorkspace): Promise<TrunkCopy> {
  const { session } = workspace;
  return workspace.copies.copyOf(session.trunk().id, () => session.trunkArtifacts());
}

export function checkTrunk(session: LabEmbeddings, trunkId: string): void {
  if (session.trunk().id !== trunkId)
    throw new Error(`The trunk changed to ${session.trunk().id} while the lab was being prepared; start again.`);
}

/** The loaded trunk's fine-tunable blocks. */
export async function labBlocks(workspace: LabWorkspace): Promise<LabTrunkBlocks> {
  const current = await trunkCopy(workspace);
  if (!current.map) return { family: null, unitNames: [], floatsPerImage: [] };
  return { family: current.map.family, unitNames: [...current.map.unitNames], floatsPerImage: floatsPerImage(current.map) };
}

/** Ids (of those given) lacking something `needs` asks for; forgets every image not in `ids`. */
export async function missingIds(workspace: LabWorkspace, trunkId: string, needs: LabNeeds, ids: string[]): Promise<string[]> {
  const { session, cache } = workspace;
  checkTrunk(session, trunkId);
  cache.retainOnly(new Set(ids));
  const lacking = new Set<string>(needs.embeddings ? session.missingEmbeddings(ids) : []);
  for (const size of needs.pixelSizes) for (const id of ids) if (!cache.pixelsOf(size, id)) lacking.add(id);
  if (needs.fineTuneUnits !== null) {
    const current = await trunkCopy(workspace);
    const key = activationKey(current, encoderFor(current, needs.fineTuneUnits));
    for (const id of ids) if (!cache.activationOf(key, id)) lacking.add(id);
  }
  return ids.filter((id) => lacking.has(id));
}

/** One batch of decoded images through the trunk (or the frozen bottom and the top): embeddings and boundary activations. */
async function encodeBatch(workspace: LabWorkspace, ids: string[], images: PixelImage[], needs: LabNeeds): Promise<void> {
  const { session, cache } = workspace;
  const trunk = session.trunk();
  const wantEmbeddings = needs.embeddings && session.missingEmbeddings(ids).length > 0;
  if (!wantEmbeddings && needs.fineTuneUnits === null) return;
  const batch = preprocessPixels(images, trunk.imageSize);
  try {
    if (needs.fineTuneUnits === null) {
      const embeddings = tf.tidy(() => predictTensor(trunk.model, batch));
      try {
        (await readRows(embeddings)).forEach((row, i) => session.storeEmbedding(ids[i], row));
      } finally {
        embeddings.dispose();
      }
      return;
    }
    const current = await trunkCopy(workspace);
    const encoder = encoderFor(current, needs.fineTuneUnits);
    const activations = encoder.bottom ? tf.tidy(() => predictTensor(encoder.bottom as tf.LayersModel, batch)) : batch.clone();
    try {
      const flat = (await activations.data()) as Float32Array;
      const size = flat.length / ids.length;
      const key = activationKey(current, encoder);
      ids.forEach((id, i) => cache.setActivation(key, id, flat.slice(i * size, (i + 1) * size)));
      if (wantEmbeddings) {
        const embeddings = tf.tidy(() => predictTensor(encoder.toEmbedding, activations));
        try {
          (await readRows(embeddings)).forEach((row, i) => session.storeEmbedding(ids[i], row));
        } finally {
          embeddings.dispose();
        }
      }
    } finally {
      activations.dispose();
    }
  } finally {
    batch.dispose();
  }
}

async function smallPixels(image: PixelImage, size: number): Promise<Float32Array> {
  const tensor = preprocessPixels([image], size);
  try {
    return Float32Array.from(await tensor.data());
  } finally {
    tensor.dispose();
  }
}

/**
 * Caches what `needs` asks for of each decoded image, PREPARE_BATCH at a time; `onBatch(count)`
 * is awaited after each batch with the number of images it held.
 */
export async function prepareImages(
  workspace: LabWorkspace,
  trunkId: string,
  needs: LabNeeds,
  decoded: { id: string; pixels: PixelImage }[],
  onBatch: (count: number) => Promise<void>,
): Promise<void> {
  checkTrunk(workspace.session, trunkId);
  const { cache } = workspace;
  for (let start = 0; start < decoded.length; start += PREPARE_BATCH) {
    const chunk = decoded.slice(start, start + PREPARE_BATCH);
    for (const { id, pixels } of chunk) {
      for (const size of needs.pixelSizes) if (!cache.pixelsOf(size, id)) cache.setPixels(size, id, await smallPixels(pixels, size));
    }
    await encodeBatch(
      workspace,
      chunk.map((d) => d.id),
      chunk.map((d) => d.pixels),
      needs,
    );
    await onBatch(chunk.length);
  }
}

/** Checks the project and splits it into train / validation / test with the settings' shares and base seed. */
export function prepareSplit(session: LabEmbeddings, request: LabRunRequest): PreparedSplit {
  checkTrunk(session, request.trunkId);
  const { settings } = request;
  const counts = request.labels.map((label, classIndex) => ({
    label,
    count: request.examples.filter((e) => e.classIndex === classIndex).length,
  }));
  const problems = checkDataset(counts, settings.valFraction, settings.testFraction);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join(' '));
  if (settings.testFraction <= 0) throw new Error('The lab scores every strategy on a held-out test set: set the test share above 0%.');
  const classIndex = request.examples.map((e) => e.classIndex);
  const split = stratifiedSplit(classIndex, settings.valFraction, settings.baseSeed, settings.testFraction);
  return { classIndex, ids: request.examples.map((e) => e.id), ...split };
}

function embeddedSets(session: LabEmbeddings, split: PreparedSplit, train = split.trainIndices): Splits<EmbeddedSet> {
  const pick = (indices: number[]): EmbeddedSet => ({
    embeddings: session.embeddingsOf(indices.map((i) => split.ids[i])),
    labels: indices.map((i) => split.classIndex[i]),
  });
  return { train: pick(train), val: pick(split.valIndices), test: pick(split.testIndices) };
}

function sampleSets(
  split: PreparedSplit,
  shape: number[],
  lookup: (id: string) => Float32Array | undefined,
  what: string,
  train = split.trainIndices,
): Splits<SampleSet> {
  const pick = (indices: number[]): SampleSet => ({
    samples: indices.map((i) => {
      const values = lookup(split.ids[i]);
      if (!values) throw new Error(`Image ${split.ids[i]} has no cached ${what}; prepare the images first.`);
      return values;
    }),
    shape,
    labels: indices.map((i) => split.classIndex[i]),
  });
  return { train: pick(train), val: pick(split.valIndices), test: pick(split.testIndices) };
}

function pixelSets(cache: LabCache, split: PreparedSplit, size: number, train?: number[]): Splits<SampleSet> {
  return sampleSets(split, [size, size, 3], (id) => cache.pixelsOf(size, id), `${size}px pixels`, train);
}

async function activationSets(workspace: LabWorkspace, split: PreparedSplit, units: number): Promise<Splits<SampleSet>> {
  const current = await trunkCopy(workspace);
  const encoder = encoderFor(current, units);
  const key = activationKey(current, encoder);
  const shape = encoder.toEmbedding.inputs[0].shape.slice(1) as number[];
  const bytes = split.ids.length * shape.reduce((a, b) => a * b, 1) * 4;
  if (bytes > ACTIVATION_BUDGET_BYTES) {
    throw new Error(
      `Unfreezing ${units} blocks caches ${Math.round(bytes / 2 ** 20)} MB of activations for ${split.ids.length} images, more than this tab should hold; unfreeze fewer blocks.`,
    );
  }
  return sampleSets(split, shape, (id) => workspace.cache.activationOf(key, id), 'fine-tuning activations');
}

/** One strategy, one seed, on the split (or on `train`, a subset of its training images). */
export async function runStrategy(
  workspace: LabWorkspace,
  strategy: StrategyId,
  seed: number,
  split: PreparedSplit,
  settings: LabSettings,
  numClasses: number,
  hooks: RunHooks,
  train?: number[],
  sourceTrunk?: SourceTrunkRecord | null,
): Promise<RunResult> {
  const { session, cache } = workspace;
  const common = { numClasses, epochs: settings.epochs, batchSize: settings.batchSize, hiddenUnits: settings.hiddenUnits, seed };
  switch (strategy) {
    case 'feature-extraction':
      return runFeatureExtraction(embeddedSets(session, split, train), { ...common, learningRate: settings.headLearningRate }, hooks);
    case 'fine-tune': {
      const current = await trunkCopy(workspace);
      const units = settings.fineTuneBlocks;
      const available = unitCount(requireBlocks(current));
      if (!Number.isInteger(units) || units < 1 || units > available)
        throw new Error(`Fine-tuning can unfreeze 1 to ${available} blocks of this trunk, not ${units}.`);
      const artifacts = session.trunkArtifacts();
      return runFineTune(
        embeddedSets(session, split, train),
        await activationSets(workspace, split, units),
        () => tf.loadLayersModel(tf.io.fromMemory(artifacts)),
        {
          ...common,
          headLearningRate: settings.headLearningRate,
          fineTuneLearningRate: settings.fineTuneLearningRate,
          rateCandidates: rateCandidates(settings.fineTuneLearningRate, settings.fineTuneRateSteps),
          depthCandidates: depthCandidates(units),
          headEpochs: headEpochsBeforeFineTune(settings.epochs),
          units,
        },
        hooks,
      );
    }
    case 'random-weights':
      return runRandomWeights(
        session.trunkArtifacts().modelTopology,
        settings.randomWeightsImageSize,
        pixelSets(cache, split, settings.randomWeightsImageSize, train),
        { ...common, learningRate: settings.scratchLearningRate },
        hooks,
      );
    case 'scratch':
      return runScratch(
        settings.scratchImageSize,
        pixelSets(cache, split, settings.scratchImageSize, train),
        { ...common, learningRate: settings.scratchLearningRate },
        hooks,
      );
    case 'source-features': {
      const record = requireSourceTrunk(sourceTrunk);
      return runSourceFeatureExtraction(
        await ownTrunkModel(workspace, record),
        pixelSets(cache, split, record.imageSize, train),
        { ...common, learningRate: settings.headLearningRate },
        hooks,
      );
    }
    case 'source-fine-tune': {
      const record = requireSourceTrunk(sourceTrunk);
      return runSourceFineTune(
        () => loadSourceTrunk(recordArtifacts(record)),
        pixelSets(cache, split, record.imageSize, train),
        {
          ...common,
          headLearningRate: settings.headLearningRate,
          headEpochs: headEpochsBeforeFineTune(settings.epochs),
          rateCandidates: rateCandidates(settings.fineTuneLearningRate, settings.fineTuneRateSteps),
        },
        hooks,
      );
    }
  }
}

export interface CompareHooks extends LabRunControl {
  onEpoch: (strategy: StrategyId, seed: number, epoch: LabEpoch) => void;
  onSeedFinished: (summary: LabSeedSummary) => void;
}

/** Each strategy for each seed (baseSeed, baseSeed + 1, ...) on one split; stops between runs and inside them. */
export async function compareStrategies(
  workspace: LabWorkspace,
  request: LabRunRequest & { strategies: StrategyId[]; sourceTrunk?: SourceTrunkRecord | null },
  hooks: CompareHooks,
): Promise<LabCompareSummary> {
  const split = prepareSplit(workspace.session, request);
  const { settings, runId } = request;
  const numClasses = request.labels.length;
  const started = performance.now();
  const seeds: LabSeedSummary[] = [];
  for (const strategy of request.strategies) {
    for (let i = 0; i < settings.seeds; i++) {
      if (hooks.shouldStop()) break;
      const seed = settings.baseSeed + i;
      const runStarted = performance.now();
      const result = await runStrategy(
        workspace,
        strategy,
        seed,
        split,
        settings,
        numClasses,
        {
          onEpoch: async (epoch) => {
            hooks.onEpoch(strategy, seed, epoch);
            await hooks.yieldNow();
          },
          afterBatch: hooks.yieldNow,
          shouldStop: hooks.shouldStop,
        },
        undefined,
        request.sourceTrunk,
      );
      const summary: LabSeedSummary = {
        strategy,
        seed,
        testAccuracy: result.testAccuracy,
        wallMs: performance.now() - runStarted,
        stoppedEarly: result.stoppedEarly,
      };
      seeds.push(summary);
      hooks.onSeedFinished(summary);
    }
  }
  return {
    runId,
    seeds,
    stoppedEarly: hooks.shouldStop() || seeds.some((s) => s.stoppedEarly),
    trainCount: split.trainIndices.length,
    valCount: split.valIndices.length,
    testCount: split.testIndices.length,
    wallMs: performance.now() - started,
  };
}

/** Test accuracy vs training images per class, feature extraction and scratch, one seed (the base seed). */
export async function measureDataSize(
  workspace: LabWorkspace,
  request: LabRunRequest,
  hooks: LabRunControl & { onPoint: (point: LabDataSizePoint) => void },
): Promise<{ points: LabDataSizePoint[]; stoppedEarly: boolean }> {
  const split = prepareSplit(workspace.session, request);
  const { settings } = request;
  const perClassTrain = request.labels.map((_, c) => split.trainIndices.filter((i) => split.classIndex[i] === c).length);
  const steps = dataSizeSteps(Math.max(...perClassTrain));
  const points: LabDataSizePoint[] = [];
  for (const strategy of ['feature-extraction', 'scratch'] as const) {
    for (const step of steps) {
      if (hooks.shouldStop()) return { points, stoppedEarly: true };
      const train = subsamplePerClass(split.trainIndices, split.classIndex, step.perClass, settings.baseSeed);
      const result = await runStrategy(
        workspace,
        strategy,
        settings.baseSeed,
        split,
        settings,
        request.labels.length,
        { onEpoch: () => hooks.yieldNow(), afterBatch: hooks.yieldNow, shouldStop: hooks.shouldStop },
        train,
      );
      if (result.testAccuracy === null) return { points, stoppedEarly: true };
      const point: LabDataSizePoint = { strategy, perClass: step.perClass, label: step.label, testAccuracy: result.testAccuracy };
      points.push(point);
      hooks.onPoint(point);
    }
  }
  return { points, stoppedEarly: false };
}

/** Images per class and the similarity probes the scenario advisor reads. */
export function assessImages(workspace: LabWorkspace, request: LabRunRequest): LabAssessment {
  const split = prepareSplit(workspace.session, request);
  const size = request.settings.scratchImageSize;
  const thumbnails = split.ids.map((id) => {
    const pixels = workspace.cache.pixelsOf(size, id);
    if (!pixels) throw new Error(`Image ${id} has no cached pixels; prepare the images first.`);
    return thumbnail(pixels, size, THUMBNAIL_SIZE);
  });
  const measurement = measureSimilarity(workspace.session.embeddingsOf(split.ids), thumbnails, split.classIndex);
  return { imagesPerClass: split.ids.length / request.labels.length, measurement };
}
