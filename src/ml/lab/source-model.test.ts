import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { samplePixels } from '../samples/sample-pixels';
import { SHAPES_SOURCE } from '../samples/tasks';
import { createScratchFeatures } from './scratch-cnn';
import { keepAsTrunk, loadSourceTrunk, sourceTrunkRecord, trainSourceModel } from './source-model';
import { runSourceFeatureExtraction, runSourceFineTune } from './source-runs';
import { checkSourceTrunkRecord, recordArtifacts, sourceTrunkFiles, summaryOf, type SourceTrunkRecord } from './source-trunk';
import { SHAPES_NEAR } from '../samples/tasks';

// Small on purpose: on Node's cpu backend a 24 px, 4-class version took minutes on a loaded machine.
const SIZE = 16;
const CLASSES = 2;

describe('a source model kept as a trunk', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is trained on the source task, then reloads and embeds identically', async () => {
    const train = samplePixels(SHAPES_SOURCE, 8, SIZE, { classCount: CLASSES });
    const val = samplePixels(SHAPES_SOURCE, 4, SIZE, { classCount: CLASSES, firstIndex: 1000 });
    const source = await trainSourceModel(train, val, {
      imageSize: SIZE,
      numClasses: CLASSES,
      epochs: 2,
      batchSize: 8,
      learningRate: 0.003,
      hiddenUnits: 8,
      seed: 5,
    });
    expect(source.training.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // Trained, not just initialised: its weights moved away from the same seed's starting weights.
    const initial = createScratchFeatures(SIZE, 5);
    const moved = source.features
      .getWeights()
      .some((w, i) => Math.max(...Array.from(w.sub(initial.getWeights()[i]).abs().dataSync())) > 1e-4);
    expect(moved).toBe(true);
    initial.dispose();

    const artifacts = await keepAsTrunk(source.features);
    // Through JSON and back, as storage and export carry it.
    const stored = JSON.parse(JSON.stringify({ ...artifacts, weightData: undefined }));
    const reloaded = await loadSourceTrunk({ ...stored, weightData: artifacts.weightData });
    const images = tf.tensor4d(Float32Array.from(val.samples.flatMap((s) => Array.from(s))), [val.samples.length, SIZE, SIZE, 3]);
    const before = (source.features.predict(images) as tf.Tensor).arraySync() as number[][];
    const after = (reloaded.predict(images) as tf.Tensor).arraySync() as number[][];
    expect(after.length).toBe(val.samples.length);
    expect(after[0].length).toBe(before[0].length);
    after.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(before[i][j])));
    // The embeddings carry something: not all the same vector.
    expect(before.some((row) => row.some((v, j) => Math.abs(v - before[0][j]) > 1e-3))).toBe(true);

    // The stored form (IndexedDB keeps the record as a structured clone) and the exported files.
    const record = await sourceTrunkRecord(source.features, {
      id: 'own:test',
      name: 'My model',
      sourceName: 'Ten shapes',
      classes: ['circle', 'square'],
      trainCount: train.labels.length,
      valCount: val.labels.length,
      epochs: 2,
      validationAccuracy: source.validationAccuracy,
      trainMs: 1,
      createdAt: 0,
    });
    expect(record.imageSize).toBe(SIZE);
    expect(record.embeddingSize).toBe(before[0].length);
    expect(summaryOf(record)).not.toHaveProperty('weightData');
    const cloned = checkSourceTrunkRecord(structuredClone(record));
    const fromStore = await loadSourceTrunk(recordArtifacts(cloned));
    const files = sourceTrunkFiles(record);
    const modelJson = JSON.parse(files['model.json'] as string);
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const fromFiles = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: files['weights.bin'] as ArrayBuffer,
      }),
    );
    for (const model of [fromStore, fromFiles]) {
      const again = (model.predict(images) as tf.Tensor).arraySync() as number[][];
      again.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(before[i][j])));
      model.dispose();
    }
    images.dispose();
    source.features.dispose();
    reloaded.dispose();
  });

  it('refuses a stored record that is damaged, naming what is wrong', () => {
    const good: SourceTrunkRecord = {
      id: 'own:x',
      name: 'n',
      sourceName: 's',
      classes: ['a'],
      imageSize: 16,
      embeddingSize: 32,
      trainCount: 1,
      valCount: 1,
      epochs: 1,
      validationAccuracy: null,
      trainMs: 1,
      createdAt: 1,
      modelTopology: {},
      weightSpecs: [],
      weightData: new ArrayBuffer(4),
    };
    expect(checkSourceTrunkRecord(good)).toBe(good);
    expect(() => checkSourceTrunkRecord({ ...good, id: 'mobilenet' })).toThrow(/id is not one of ours/);
    expect(() => checkSourceTrunkRecord({ ...good, weightData: undefined })).toThrow(/weights are missing/);
    expect(() => checkSourceTrunkRecord({ ...good, imageSize: 'big' })).toThrow(/"imageSize"/);
  });

  it('is reused on a near task by feature extraction and by fine-tuning', async () => {
    const source = await trainSourceModel(
      samplePixels(SHAPES_SOURCE, 6, SIZE, { classCount: CLASSES }),
      samplePixels(SHAPES_SOURCE, 2, SIZE, { classCount: CLASSES, firstIndex: 1000 }),
      { imageSize: SIZE, numClasses: CLASSES, epochs: 1, batchSize: 8, learningRate: 0.003, hiddenUnits: 8, seed: 3 },
    );
    const artifacts = await keepAsTrunk(source.features);
    const pick = (perClass: number, firstIndex: number) => samplePixels(SHAPES_NEAR, perClass, SIZE, { classCount: 2, firstIndex });
    const pixels = { train: pick(4, 0), val: pick(2, 100), test: pick(2, 200) };
    const common = { numClasses: 2, epochs: 3, batchSize: 4, hiddenUnits: 8, seed: 1 };
    const seen: number[] = [];
    const hooks = { onEpoch: async (e: { epoch: number }) => void seen.push(e.epoch), shouldStop: () => false };
    const tensorsBefore = tf.memory().numTensors;
    const frozen = await runSourceFeatureExtraction(source.features, pixels, { ...common, learningRate: 0.01 }, hooks);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(frozen.testAccuracy).toBeGreaterThanOrEqual(0);
    seen.length = 0;
    const tuned = await runSourceFineTune(
      () => loadSourceTrunk(artifacts),
      pixels,
      {
        ...common,
        headLearningRate: 0.01,
        headEpochs: 1,
        rateCandidates: [1e-4, 1e-3],
      },
      hooks,
    );
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(tuned.chosenLearningRate).toBeDefined();
    expect(tuned.testAccuracy).not.toBeNull();
    // Every model the runs built was freed; the source trunk itself stays the caller's.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    source.features.dispose();
  });
});
