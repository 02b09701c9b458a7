import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldTrunk, foldTrunkChecked } from './folded-trunk';
import { countTensors } from './memory';
import { predictTensor } from './predict-tensor';
import { hasModelDir, modelDirHandler, modelsDir } from './testing/model-dir';
import {
  TINY_MOBILENET_SIZE,
  TINY_MOBILENET_V1_FEATURES,
  TINY_MOBILENET_V2_FEATURES,
  buildTinyMobileNetV1,
  buildTinyMobileNetV2,
} from './testing/tiny-mobilenet';
import { cutTrunk, disposeTrunk, loadTrunk, type Trunk } from './trunk';
import { readTrunkGraph, unsupportedReason } from './trunk-graph';

/** Largest |a - b| over two equally shaped tensors. */
async function maxDifference(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const [value] = await difference.data();
  difference.dispose();
  return value;
}

async function compare(trunk: Trunk, batch: tf.Tensor4D): Promise<{ difference: number; scale: number }> {
  const folded = await foldTrunk(trunk);
  expect(folded).not.toBeNull();
  const reference = tf.tidy(() => predictTensor(trunk.model, batch));
  const before = countTensors();
  const output = folded!.embed(batch);
  expect(countTensors()).toBe(before + 1);
  expect(output.shape).toEqual(reference.shape);
  const difference = await maxDifference(output, reference);
  const largest = tf.tidy(() => tf.max(tf.abs(reference)));
  const [scale] = await largest.data();
  largest.dispose();
  tf.dispose([output, reference]);
  folded!.dispose();
  return { difference, scale };
}

const backends = ['cpu', 'wasm'] as const;

describe.each(backends)('foldTrunk on the %s backend', (backend) => {
  const trunks: Trunk[] = [];
  const tiny = async (build: () => tf.LayersModel, id: string) => {
    await tf.setBackend(backend);
    const trunk = cutTrunk(build(), id);
    trunks.push(trunk);
    return trunk;
  };
  const batchOf = (n: number, seed: number) =>
    tf.randomUniform([n, TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 3], -1, 1, 'float32', seed) as tf.Tensor4D;

  afterAll(() => trunks.forEach(disposeTrunk));

  it('folds a V2-like trunk (padding, residual add, depthwise multiplier) to the same embeddings', async () => {
    const trunk = await tiny(buildTinyMobileNetV2, 'tiny-v2');
    expect(trunk.embeddingSize).toBe(TINY_MOBILENET_V2_FEATURES);
    const before = countTensors();
    const folded = await foldTrunk(trunk);
    // Every batch norm folds, every ReLU6 after a convolution fuses, both paddings fold.
    expect(folded?.stats).toEqual({ ops: 8, foldedBatchNorms: 6, fusedActivations: 5, foldedPads: 2 });
    folded!.dispose();
    expect(countTensors()).toBe(before);

    const batch = batchOf(3, 1);
    const { difference, scale } = await compare(trunk, batch);
    expect(scale).toBeGreaterThan(0.1);
    expect(difference).toBeLessThan(1e-5);
    batch.dispose();
    expect(countTensors()).toBe(before);
  });

  it('folds a V1-like trunk (same padding, Activation relu6, plain ReLU, bias) to the same embeddings', async () => {
    const trunk = await tiny(buildTinyMobileNetV1, 'tiny-v1');
    expect(trunk.embeddingSize).toBe(TINY_MOBILENET_V1_FEATURES);
    const batch = batchOf(2, 2);
    const { difference, scale } = await compare(trunk, batch);
    expect(scale).toBeGreaterThan(0.1);
    expect(difference).toBeLessThan(1e-5);
    batch.dispose();
  });

  it('checks the folded trunk against the layers model before handing it out', async () => {
    const trunk = await tiny(buildTinyMobileNetV2, 'tiny-v2-checked');
    const before = countTensors();
    const checked = await foldTrunkChecked(trunk);
    expect(checked.folded).not.toBeNull();
    expect(checked.reason).toBeNull();
    expect(checked.difference).toBeLessThan(1e-5);
    checked.folded!.dispose();
    // A tolerance nothing can meet: the folded trunk is refused, with the measured difference, and freed.
    const refused = await foldTrunkChecked(trunk, -1);
    expect(refused.folded).toBeNull();
    expect(refused.reason).toMatch(/differs from the layers model/);
    expect(countTensors()).toBe(before);
  });

  it('leaves nothing behind when a batch fails, and refuses to run once disposed', async () => {
    const trunk = await tiny(buildTinyMobileNetV2, 'tiny-v2-errors');
    const folded = (await foldTrunk(trunk))!;
    const before = countTensors();
    const wrongChannels = tf.zeros([1, TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 4]) as tf.Tensor4D;
    expect(() => folded.embed(wrongChannels)).toThrow();
    expect(countTensors()).toBe(before + 1);
    wrongChannels.dispose();
    folded.dispose();
    const batch = batchOf(1, 3);
    expect(() => folded.embed(batch)).toThrow(/disposed/);
    batch.dispose();
  });
});

describe('readTrunkGraph', () => {
  it('describes only layer kinds it knows; others mean the layers model runs as before', async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.globalAveragePooling2d({}),
      ],
    });
    expect(readTrunkGraph(model)).toBeNull();
    expect(unsupportedReason(model)).toMatch(/MaxPooling2D/);
    const trunk = cutTrunk(model, 'max-pool');
    expect(await foldTrunk(trunk)).toBeNull();
    expect((await foldTrunkChecked(trunk)).reason).toMatch(/layer kinds/);
    disposeTrunk(trunk);

    const sigmoid = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, activation: 'sigmoid' }),
        tf.layers.globalAveragePooling2d({}),
      ],
    });
    expect(unsupportedReason(sigmoid)).toMatch(/sigmoid/);
    sigmoid.dispose();
  });
});

/** The real pretrained trunks from the local mirror; skipped where it is absent. */
const MODELS_DIR = modelsDir();
const REAL = ['mobilenet_v2_0.35_224', 'mobilenet_v1_0.25_224'];
const haveReal = REAL.every((folder) => hasModelDir(path.join(MODELS_DIR, folder)));

describe.skipIf(!haveReal)('foldTrunk on the real trunks (wasm)', () => {
  it.each(REAL)(
    '%s: folded embeddings equal the layers model within 1e-4',
    async (folder) => {
      await tf.setBackend('wasm');
      const trunk = await loadTrunk(modelDirHandler(path.join(MODELS_DIR, folder)), folder);
      const batch = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
      const before = countTensors();
      const { difference, scale } = await compare(trunk, batch);
      expect(scale).toBeGreaterThan(0.5);
      expect(difference).toBeLessThan(1e-4);
      expect(countTensors()).toBe(before);
      batch.dispose();
      disposeTrunk(trunk);
    },
    120_000,
  );
});
