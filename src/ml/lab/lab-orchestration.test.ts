import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTensors } from '../memory';
import type { PixelImage } from '../preprocess';
import { createRng } from '../rng';
import { imageFromPixel } from '../testing/pixels';
import { cutTrunk, disposeTrunk, type Trunk } from '../trunk';
import {
  assessImages,
  compareStrategies,
  createLabWorkspace,
  labBlocks,
  measureDataSize,
  missingIds,
  prepareImages,
  type LabEmbeddings,
  type LabWorkspace,
} from './lab-orchestration';
import type { LabNeeds, LabRunRequest } from './lab-run-types';
import { DEFAULT_LAB_SETTINGS, type LabEpoch, type StrategyId } from './lab-types';
import { buildTinyMobileNetV2, TINY_MOBILENET_SIZE } from './testing/tiny-mobilenet';

// The lab's orchestration on Node's cpu backend with a real (tiny) MobileNet V2 trunk: what the
// ML worker's lab service dispatches to, checked without a worker.

/** The part of the ML worker's session the lab uses: the trunk and an embedding cache in a Map. */
class EmbeddingStore implements LabEmbeddings {
  readonly stored = new Map<string, Float32Array>();
  constructor(
    public current: Trunk,
    private readonly artifacts: tf.io.ModelArtifacts,
  ) {}
  trunk = () => this.current;
  trunkArtifacts = () => this.artifacts;
  missingEmbeddings = (ids: string[]) => ids.filter((id) => !this.stored.has(id));
  embeddingsOf = (ids: string[]) =>
    ids.map((id) => {
      const row = this.stored.get(id);
      if (!row) throw new Error(`Image ${id} has not been embedded yet.`);
      return row;
    });
  storeEmbedding = (id: string, row: Float32Array) => void this.stored.set(id, row);
}

const PER_CLASS = 10;
const NEEDS: LabNeeds = { embeddings: true, pixelSizes: [16, 32], fineTuneUnits: 1 };

/** Class 0 reddish, class 1 bluish, each with its own noise. */
function photo(classIndex: number, seed: number): PixelImage {
  const rng = createRng(seed);
  return imageFromPixel(20, 20, () => {
    const noise = () => Math.floor(rng() * 80);
    return classIndex === 0 ? [175 + noise(), noise(), noise(), 255] : [noise(), noise(), 175 + noise(), 255];
  });
}

async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('The model was not saved.');
  return saved;
}

const examples = Array.from({ length: 2 * PER_CLASS }, (_, i) => ({ id: `img-${i}`, classIndex: i % 2 }));

function request(overrides: Partial<LabRunRequest['settings']> = {}, trunkId = 'tiny'): LabRunRequest {
  return {
    runId: 'run-1',
    trunkId,
    examples,
    labels: ['red', 'blue'],
    settings: {
      ...DEFAULT_LAB_SETTINGS,
      epochs: 2,
      seeds: 2,
      batchSize: 4,
      hiddenUnits: 8,
      valFraction: 0.2,
      testFraction: 0.2,
      scratchImageSize: 16,
      randomWeightsImageSize: 32,
      fineTuneRateSteps: 1,
      ...overrides,
    },
  };
}

const control = { yieldNow: async () => {}, shouldStop: () => false };

describe('the lab orchestration', () => {
  let store: EmbeddingStore;
  let workspace: LabWorkspace;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const model = buildTinyMobileNetV2();
    const artifacts = await artifactsOf(model);
    store = new EmbeddingStore(cutTrunk(model, 'tiny'), artifacts);
    workspace = createLabWorkspace(store);
    expect(store.trunk().imageSize).toBe(TINY_MOBILENET_SIZE);
  });
  afterAll(() => {
    workspace.copies.dispose();
    disposeTrunk(store.trunk());
  });

  it('names the trunk blocks and prepares each image once, reporting each batch', async () => {
    const blocks = await labBlocks(workspace);
    expect(blocks.family).toBe('mobilenet-v2');
    expect(blocks.unitNames.length).toBeGreaterThan(0);
    const ids = examples.map((e) => e.id);
    expect(await missingIds(workspace, 'tiny', NEEDS, ids)).toEqual(ids);
    const batches: number[] = [];
    const decoded = examples.map((e, i) => ({ id: e.id, pixels: photo(e.classIndex, i + 1) }));
    await prepareImages(workspace, 'tiny', NEEDS, decoded, async (count) => void batches.push(count));
    expect(batches).toEqual([16, 4]);
    expect(await missingIds(workspace, 'tiny', NEEDS, ids)).toEqual([]);
    expect(store.stored.size).toBe(ids.length);
    // Images no longer in the project are forgotten: asked again, they lack their pixels.
    expect(await missingIds(workspace, 'tiny', NEEDS, ids.slice(0, 4))).toEqual([]);
    expect(await missingIds(workspace, 'tiny', { embeddings: false, pixelSizes: [16], fineTuneUnits: null }, ids.slice(0, 6))).toEqual([
      'img-4',
      'img-5',
    ]);
    await prepareImages(workspace, 'tiny', NEEDS, decoded, async () => {});
  });

  it('refuses a trunk other than the one the images were prepared with', async () => {
    await expect(missingIds(workspace, 'other', NEEDS, ['img-0'])).rejects.toThrow(/trunk changed to tiny/);
    await expect(
      compareStrategies(
        workspace,
        { ...request({}, 'other'), strategies: ['scratch'] },
        { ...control, onEpoch: () => {}, onSeedFinished: () => {} },
      ),
    ).rejects.toThrow(/trunk changed/);
  });

  it('refuses a split with no test set', async () => {
    const run = compareStrategies(
      workspace,
      { ...request({ testFraction: 0 }), strategies: ['scratch'] },
      { ...control, onEpoch: () => {}, onSeedFinished: () => {} },
    );
    await expect(run).rejects.toThrow(/held-out test set/);
  });

  it('runs every strategy for every seed on one split, reporting each epoch and seed, and frees its tensors', async () => {
    const epochs: { strategy: StrategyId; seed: number; epoch: LabEpoch }[] = [];
    const finished: string[] = [];
    const strategies: StrategyId[] = ['feature-extraction', 'fine-tune', 'random-weights', 'scratch'];
    const summary = await compareStrategies(
      workspace,
      { ...request(), strategies },
      {
        ...control,
        onEpoch: (strategy, seed, epoch) => epochs.push({ strategy, seed, epoch }),
        onSeedFinished: (s) => finished.push(`${s.strategy}/${s.seed}`),
      },
    );
    expect(finished).toEqual(strategies.flatMap((s) => [`${s}/42`, `${s}/43`]));
    expect(summary.seeds.map((s) => s.testAccuracy !== null && !s.stoppedEarly)).toEqual(Array(8).fill(true));
    expect(summary.stoppedEarly).toBe(false);
    expect(summary.trainCount + summary.valCount + summary.testCount).toBe(examples.length);
    expect(summary.testCount).toBeGreaterThan(0);
    for (const strategy of strategies) {
      const first = epochs.filter((e) => e.strategy === strategy && e.seed === 42).map((e) => e.epoch.epoch);
      expect(first[0]).toBe(0);
      expect(first.at(-1)).toBe(2);
    }
    for (const seed of summary.seeds) expect(seed.testAccuracy).toBeGreaterThanOrEqual(0);
    // A second run leaves no tensor behind (the first made tfjs's and the trunk copy's lasting ones).
    const leaks: string[] = [];
    for (const strategy of strategies) {
      const before = countTensors();
      await compareStrategies(
        workspace,
        { ...request({ seeds: 1 }), strategies: [strategy] },
        { ...control, onEpoch: () => {}, onSeedFinished: () => {} },
      );
      leaks.push(`${strategy} ${countTensors() - before}`);
    }
    expect(leaks).toEqual(strategies.map((s) => `${s} 0`));
  });

  it('stops between seeds and inside a run when asked', async () => {
    let epochsSeen = 0;
    const summary = await compareStrategies(
      workspace,
      { ...request({ epochs: 5 }), strategies: ['feature-extraction', 'scratch'] },
      {
        yieldNow: async () => {},
        shouldStop: () => epochsSeen >= 2,
        onEpoch: () => void epochsSeen++,
        onSeedFinished: () => {},
      },
    );
    expect(summary.stoppedEarly).toBe(true);
    expect(summary.seeds.map((s) => s.strategy)).toEqual(['feature-extraction']);
    expect(summary.seeds[0].testAccuracy).toBeNull();
  });

  it('measures test accuracy against images per class for feature extraction and scratch', async () => {
    const points: string[] = [];
    const result = await measureDataSize(workspace, request({ epochs: 1 }), {
      ...control,
      onPoint: (p) => points.push(`${p.strategy}/${p.perClass}`),
    });
    expect(result.stoppedEarly).toBe(false);
    expect(result.points.map((p) => `${p.strategy}/${p.perClass}`)).toEqual(points);
    expect(new Set(result.points.map((p) => p.strategy))).toEqual(new Set(['feature-extraction', 'scratch']));
    const stopped = await measureDataSize(workspace, request({ epochs: 1 }), { ...control, shouldStop: () => true, onPoint: () => {} });
    expect(stopped).toEqual({ points: [], stoppedEarly: true });
  });

  it('assesses the images for the scenario advisor', () => {
    const assessment = assessImages(workspace, request());
    expect(assessment.imagesPerClass).toBe(PER_CLASS);
    expect(assessment.measurement).toBeTruthy();
  });
});
