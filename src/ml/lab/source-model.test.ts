import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { samplePixels } from '../samples/sample-pixels';
import { SHAPES_SOURCE } from '../samples/tasks';
import { createScratchFeatures } from './scratch-cnn';
import { keepAsTrunk, loadSourceTrunk, trainSourceModel } from './source-model';

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
    images.dispose();
    source.features.dispose();
    reloaded.dispose();
  });
});
