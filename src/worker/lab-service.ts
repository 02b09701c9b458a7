// The lab's commands: prepare each image once (embedding, boundary activations, small pixels),
// then run the strategies seed by seed on one split, reporting every epoch. The ML lives in
// src/ml/lab; this adapter owns the caches, the trunk copy and the events.
import * as tf from '@tensorflow/tfjs';
import { decodeImageBytes } from '../lib/decode-image';
import { errorMessage } from '../lib/error-message';
import { buildBoundaryEncoder, floatsPerImage, type BoundaryEncoder } from '../ml';
import { dataSizeSteps, subsamplePerClass } from '../ml';
import { depthCandidates, rateCandidates } from '../ml';
import { headEpochsBeforeFineTune, type LabSettings, type StrategyId } from '../ml';
import { findBlockMap, unitCount, type BlockMap } from '../ml';
import { measureSimilarity, thumbnail } from '../ml';
import { runFeatureExtraction, runFineTune, runRandomWeights, runScratch, type RunHooks, type RunResult, type Splits } from '../ml';
import type { SampleSet } from '../ml';
import { registerWasmTrainingKernels } from '../ml';
import { disposeModelFully } from '../ml';
import { preprocessPixels, type PixelImage } from '../ml';
import { predictTensor } from '../ml';
import { readRows } from '../ml';
import { checkDataset, stratifiedSplit } from '../ml';
import type { EmbeddedSet } from '../ml';
import { LabCache } from './lab-cache';
import type { LabApi, LabCompareSummary, LabDataRequest, LabDataSizePoint, LabNeeds, LabSeedSummary } from '../protocol';
import type { EmbedOutcome } from '../protocol';
import { yieldToEventLoop, type MlSession } from './session';

const PREPARE_BATCH = 16;
/** Activations cached for fine-tuning stay under this, or the run is refused with a clear message. */
const ACTIVATION_BUDGET_BYTES = 512 * 1024 * 1024;
const THUMBNAIL_SIZE = 16;

interface TrunkCopy {
  key: string;
  model: tf.LayersModel;
  map: BlockMap | null;
  encoders: Map<number, BoundaryEncoder>;
}

interface PreparedSplit {
  classIndex: number[];
  ids: string[];
  trainIndices: number[];
  valIndices: number[];
  testIndices: number[];
}

export function createLabService(session: MlSession): LabApi {
  registerWasmTrainingKernels();
  const cache = new LabCache();
  let copy: TrunkCopy | null = null;

  /** A frozen copy of the trunk's source model on the active backend, for boundary activations and block names. */
  async function trunkCopy(): Promise<TrunkCopy> {
    const key = `${session.trunk().id}|${tf.getBackend()}`;
    if (copy?.key === key) return copy;
    if (copy) disposeModelFully(copy.model);
    copy = null;
    const model = await tf.loadLayersModel(tf.io.fromMemory(session.trunkArtifacts()));
    copy = { key, model, map: findBlockMap(model), encoders: new Map() };
    return copy;
  }

  function requireBlocks(current: TrunkCopy): BlockMap {
    if (!current.map)
      throw new Error('This trunk is not a MobileNet V1 or V2, so it has no blocks to fine-tune; the other strategies still work.');
    return current.map;
  }

  function encoderFor(current: TrunkCopy, units: number): BoundaryEncoder {
    let encoder = current.encoders.get(units);
    if (!encoder) {
      encoder = buildBoundaryEncoder(requireBlocks(current), units);
      current.encoders.set(units, encoder);
    }
    return encoder;
  }

  function activationKey(current: TrunkCopy, encoder: BoundaryEncoder): string {
    return `${current.key}|${encoder.boundary ?? 'image'}`;
  }

  function checkTrunk(trunkId: string): void {
    if (session.trunk().id !== trunkId)
      throw new Error(`The trunk changed to ${session.trunk().id} while the lab was being prepared; start again.`);
  }

  async function missingIds(needs: LabNeeds, ids: string[]): Promise<string[]> {
    const lacking = new Set<string>(needs.embeddings ? session.missingEmbeddings(ids) : []);
    for (const size of needs.pixelSizes) for (const id of ids) if (!cache.pixelsOf(size, id)) lacking.add(id);
    if (needs.fineTuneUnits !== null) {
      const current = await trunkCopy();
      const key = activationKey(current, encoderFor(current, needs.fineTuneUnits));
      for (const id of ids) if (!cache.activationOf(key, id)) lacking.add(id);
    }
    return ids.filter((id) => lacking.has(id));
  }

  /** One batch of decoded images through the trunk (or the frozen bottom and the top): embeddings and boundary activations. */
  async function encodeBatch(ids: string[], images: PixelImage[], needs: LabNeeds): Promise<void> {
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
      const current = await trunkCopy();
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

  function prepareSplit(request: LabDataRequest): PreparedSplit {
    checkTrunk(request.trunkId);
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

  function embeddedSets(split: PreparedSplit, train = split.trainIndices): Splits<EmbeddedSet> {
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

  function pixelSets(split: PreparedSplit, size: number, train?: number[]): Splits<SampleSet> {
    return sampleSets(split, [size, size, 3], (id) => cache.pixelsOf(size, id), `${size}px pixels`, train);
  }

  async function activationSets(split: PreparedSplit, units: number): Promise<Splits<SampleSet>> {
    const current = await trunkCopy();
    const encoder = encoderFor(current, units);
    const key = activationKey(current, encoder);
    const shape = encoder.toEmbedding.inputs[0].shape.slice(1) as number[];
    const bytes = split.ids.length * shape.reduce((a, b) => a * b, 1) * 4;
    if (bytes > ACTIVATION_BUDGET_BYTES) {
      throw new Error(
        `Unfreezing ${units} blocks caches ${Math.round(bytes / 2 ** 20)} MB of activations for ${split.ids.length} images, more than this tab should hold; unfreeze fewer blocks.`,
      );
    }
    return sampleSets(split, shape, (id) => cache.activationOf(key, id), 'fine-tuning activations');
  }

  async function runStrategy(
    strategy: StrategyId,
    seed: number,
    split: PreparedSplit,
    settings: LabSettings,
    numClasses: number,
    hooks: RunHooks,
    train?: number[],
  ): Promise<RunResult> {
    const common = { numClasses, epochs: settings.epochs, batchSize: settings.batchSize, hiddenUnits: settings.hiddenUnits, seed };
    switch (strategy) {
      case 'feature-extraction':
        return runFeatureExtraction(embeddedSets(split, train), { ...common, learningRate: settings.headLearningRate }, hooks);
      case 'fine-tune': {
        const current = await trunkCopy();
        const units = settings.fineTuneBlocks;
        const available = unitCount(requireBlocks(current));
        if (!Number.isInteger(units) || units < 1 || units > available)
          throw new Error(`Fine-tuning can unfreeze 1 to ${available} blocks of this trunk, not ${units}.`);
        const artifacts = session.trunkArtifacts();
        return runFineTune(
          embeddedSets(split, train),
          await activationSets(split, units),
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
          pixelSets(split, settings.randomWeightsImageSize, train),
          { ...common, learningRate: settings.scratchLearningRate },
          hooks,
        );
      case 'scratch':
        return runScratch(
          settings.scratchImageSize,
          pixelSets(split, settings.scratchImageSize, train),
          { ...common, learningRate: settings.scratchLearningRate },
          hooks,
        );
    }
  }

  return {
    async labBlocks() {
      const current = await trunkCopy();
      if (!current.map) return { family: null, unitNames: [], floatsPerImage: [] };
      return { family: current.map.family, unitNames: [...current.map.unitNames], floatsPerImage: floatsPerImage(current.map) };
    },

    async labMissing(trunkId, needs, ids) {
      checkTrunk(trunkId);
      cache.retainOnly(new Set(ids));
      return missingIds(needs, ids);
    },

    async labPrepare(runId, trunkId, needs, images, total, doneBefore) {
      checkTrunk(trunkId);
      const outcomes: EmbedOutcome[] = [];
      const decoded: { id: string; pixels: PixelImage }[] = [];
      for (const image of images) {
        try {
          decoded.push({ id: image.id, pixels: await decodeImageBytes(image.bytes, image.type) });
        } catch (error) {
          outcomes.push({ id: image.id, ok: false, message: errorMessage(error) });
        }
      }
      let done = doneBefore + outcomes.length;
      for (let start = 0; start < decoded.length; start += PREPARE_BATCH) {
        const chunk = decoded.slice(start, start + PREPARE_BATCH);
        for (const { id, pixels } of chunk) {
          for (const size of needs.pixelSizes) if (!cache.pixelsOf(size, id)) cache.setPixels(size, id, await smallPixels(pixels, size));
        }
        await encodeBatch(
          chunk.map((d) => d.id),
          chunk.map((d) => d.pixels),
          needs,
        );
        for (const { id } of chunk) outcomes.push({ id, ok: true });
        done += chunk.length;
        session.emit({ type: 'labPrepared', runId, done, total });
        await yieldToEventLoop();
      }
      return outcomes;
    },

    async labCompare(request) {
      const split = prepareSplit(request);
      const { settings, runId } = request;
      const numClasses = request.labels.length;
      const started = performance.now();
      const seeds: LabSeedSummary[] = [];
      session.beginRun(runId);
      try {
        for (const strategy of request.strategies) {
          for (let i = 0; i < settings.seeds; i++) {
            if (session.isStopRequested(runId)) break;
            const seed = settings.baseSeed + i;
            const runStarted = performance.now();
            const result = await runStrategy(strategy, seed, split, settings, numClasses, {
              onEpoch: async (epoch) => {
                session.emit({ type: 'labEpochEnded', runId, strategy, seed, epoch });
                await yieldToEventLoop();
              },
              afterBatch: yieldToEventLoop,
              shouldStop: () => session.isStopRequested(runId),
            });
            const summary: LabSeedSummary = {
              strategy,
              seed,
              testAccuracy: result.testAccuracy,
              wallMs: performance.now() - runStarted,
              stoppedEarly: result.stoppedEarly,
            };
            seeds.push(summary);
            session.emit({ type: 'labSeedFinished', runId, summary });
          }
        }
        const summary: LabCompareSummary = {
          runId,
          seeds,
          stoppedEarly: session.isStopRequested(runId) || seeds.some((s) => s.stoppedEarly),
          trainCount: split.trainIndices.length,
          valCount: split.valIndices.length,
          testCount: split.testIndices.length,
          wallMs: performance.now() - started,
        };
        return summary;
      } finally {
        session.endRun(request.runId);
      }
    },

    async labDataSize(request) {
      const split = prepareSplit(request);
      const { settings, runId } = request;
      const perClassTrain = request.labels.map((_, c) => split.trainIndices.filter((i) => split.classIndex[i] === c).length);
      const steps = dataSizeSteps(Math.max(...perClassTrain));
      const points: LabDataSizePoint[] = [];
      session.beginRun(runId);
      try {
        for (const strategy of ['feature-extraction', 'scratch'] as const) {
          for (const step of steps) {
            if (session.isStopRequested(runId)) return { points, stoppedEarly: true };
            const train = subsamplePerClass(split.trainIndices, split.classIndex, step.perClass, settings.baseSeed);
            const result = await runStrategy(
              strategy,
              settings.baseSeed,
              split,
              settings,
              request.labels.length,
              {
                onEpoch: () => yieldToEventLoop(),
                afterBatch: yieldToEventLoop,
                shouldStop: () => session.isStopRequested(runId),
              },
              train,
            );
            if (result.testAccuracy === null) return { points, stoppedEarly: true };
            const point: LabDataSizePoint = { strategy, perClass: step.perClass, label: step.label, testAccuracy: result.testAccuracy };
            points.push(point);
            session.emit({ type: 'labDataSizeMeasured', runId, point });
          }
        }
        return { points, stoppedEarly: false };
      } finally {
        session.endRun(runId);
      }
    },

    async labAssess(request) {
      const split = prepareSplit(request);
      const size = request.settings.scratchImageSize;
      const thumbnails = split.ids.map((id) => {
        const pixels = cache.pixelsOf(size, id);
        if (!pixels) throw new Error(`Image ${id} has no cached pixels; prepare the images first.`);
        return thumbnail(pixels, size, THUMBNAIL_SIZE);
      });
      const measurement = measureSimilarity(session.embeddingsOf(split.ids), thumbnails, split.classIndex);
      return { imagesPerClass: split.ids.length / request.labels.length, measurement };
    },

    labStop: async (runId) => session.requestStop(runId),
  };
}
