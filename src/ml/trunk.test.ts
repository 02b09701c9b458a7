import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTensors } from './memory';
import { TrunkFormatError, cutTrunk, disposeTrunk, loadTrunk, warmUpTrunk, type Trunk } from './trunk';
import {
  TINY_IMAGE_SIZE,
  TINY_V1_EMBEDDING_SIZE,
  TINY_V2_EMBEDDING_SIZE,
  allLayers,
  buildEmbeddingModel,
  buildTeachableMachineStyleModel,
  buildUnknownFeatureMapModel,
  buildV1StyleModel,
  buildV2NoTopStyleModel,
  buildV2SequentialStyleModel,
  buildVectorModel,
} from './testing/tiny-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function embed(trunk: Trunk, images: tf.Tensor4D): Promise<Float32Array> {
  const output = trunk.model.predict(images) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}

function expectFrozen(trunk: Trunk): void {
  expect(trunk.model.trainable).toBe(false);
  expect(trunk.model.trainableWeights).toHaveLength(0);
  expect(trunk.model.weights.length).toBeGreaterThan(0);
  for (const layer of allLayers(trunk.model)) expect(layer.trainable).toBe(false);
}

function expectTrunkShape(trunk: Trunk, embeddingSize: number): void {
  expect(trunk.imageSize).toBe(TINY_IMAGE_SIZE);
  expect(trunk.embeddingSize).toBe(embeddingSize);
  expect(trunk.model.inputs[0].shape).toEqual([null, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3]);
  expect(trunk.model.outputs[0].shape).toEqual([null, embeddingSize]);
}

describe('cutTrunk', () => {
  it('cuts a V1-style classifier at global_average_pooling2d_1', async () => {
    const source = buildV1StyleModel();
    const trunk = cutTrunk(source, 'v1');
    expect(trunk.id).toBe('v1');
    expect(trunk.layout).toBe('v1-classifier');
    expectTrunkShape(trunk, TINY_V1_EMBEDDING_SIZE);
    expectFrozen(trunk);
    expect(trunk.model.layers.map((layer) => layer.name)).not.toContain('v1_predictions');

    // The cut shares the source's layers: its output is the pooled activation.
    const images = tf.randomUniform([2, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    const pooledModel = tf.model({
      inputs: source.inputs,
      outputs: source.getLayer('global_average_pooling2d_1').output as tf.SymbolicTensor,
    });
    const expected = pooledModel.predict(images) as tf.Tensor;
    expect(Array.from(await embed(trunk, images))).toEqual(Array.from(await expected.data()));
    tf.dispose([images, expected]);
    disposeTrunk(trunk);
  });

  it('takes out_relu of a V2 no_top-style model and adds global average pooling', () => {
    const trunk = cutTrunk(buildV2NoTopStyleModel(), 'v2');
    expect(trunk.layout).toBe('v2-no-top');
    expectTrunkShape(trunk, TINY_V2_EMBEDDING_SIZE);
    expectFrozen(trunk);
    expect(trunk.model).toBeInstanceOf(tf.Sequential);
    expect(trunk.model.layers.map((layer) => layer.getClassName())).toEqual(['Model', 'GlobalAveragePooling2D']);
    disposeTrunk(trunk);
  });

  it('truncates at out_relu when more layers follow it', () => {
    const trunk = cutTrunk(buildV2NoTopStyleModel({ extraLayers: true }), 'v2-extra');
    expect(trunk.layout).toBe('v2-no-top');
    expectTrunkShape(trunk, TINY_V2_EMBEDDING_SIZE);
    disposeTrunk(trunk);
  });

  it('takes the inner Sequential[model, pooling] of a Teachable Machine-style export', async () => {
    const source = buildTeachableMachineStyleModel();
    const trunk = cutTrunk(source, 'tm');
    expect(trunk.layout).toBe('sequential-trunk');
    expect(trunk.model).toBe(source.layers[0]);
    expectTrunkShape(trunk, TINY_V2_EMBEDDING_SIZE);
    expectFrozen(trunk);
    // The Teachable Machine head stays trainable: only the trunk is frozen.
    expect(source.layers[1].trainable).toBe(true);
    disposeTrunk(trunk);
  });

  it('cuts Sequential[V2 no_top, pooling] to an equivalent trunk', async () => {
    const source = buildV2SequentialStyleModel();
    const trunk = cutTrunk(source, 'v2-seq');
    expect(trunk.layout).toBe('sequential-trunk');
    expectTrunkShape(trunk, TINY_V2_EMBEDDING_SIZE);
    expectFrozen(trunk);
    const images = tf.randomUniform([3, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
    const expected = source.predict(images) as tf.Tensor;
    const actual = await embed(trunk, images);
    const reference = await expected.data();
    actual.forEach((value, i) => expect(value).toBeCloseTo(reference[i], 6));
    tf.dispose([images, expected]);
    disposeTrunk(trunk);
  });

  it('uses a model that already outputs vectors as it is', () => {
    const source = buildEmbeddingModel();
    const trunk = cutTrunk(source, 'embedder');
    expect(trunk.layout).toBe('embedding-model');
    expect(trunk.model).toBe(source);
    expect(trunk.embeddingSize).toBe(3);
    expectFrozen(trunk);
    disposeTrunk(trunk);
  });

  it('rejects a model without an image input', () => {
    const model = buildVectorModel();
    expect(() => cutTrunk(model, 'vectors')).toThrow(TrunkFormatError);
    expect(() => cutTrunk(model, 'vectors')).toThrow('This model has no 4-D image input (its input shape is [null, 8]).');
    model.dispose();
  });

  it('rejects an image model with no known cut point and no vector output', () => {
    const model = buildUnknownFeatureMapModel();
    expect(() => cutTrunk(model, 'unknown')).toThrow(TrunkFormatError);
    expect(() => cutTrunk(model, 'unknown')).toThrow(
      /No layer named out_relu or global_average_pooling2d_1 and the first layer is not a model/,
    );
    model.dispose();
  });

  it('rejects non-square or non-RGB inputs', () => {
    const input = tf.input({ shape: [8, 12, 3] });
    const output = tf.layers.globalAveragePooling2d({}).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    expect(() => cutTrunk(model, 'wide')).toThrow(/square RGB images/);
  });
});

describe('disposeTrunk', () => {
  it('frees every weight of the source model, including the parts cut away', () => {
    for (const build of [
      buildV1StyleModel,
      buildV2NoTopStyleModel,
      buildV2SequentialStyleModel,
      buildTeachableMachineStyleModel,
      buildEmbeddingModel,
    ]) {
      const before = countTensors();
      const trunk = cutTrunk(build(), 'any');
      expect(countTensors()).toBeGreaterThan(before);
      disposeTrunk(trunk);
      expect(countTensors()).toBe(before);
    }
  });
});

describe('loadTrunk', () => {
  it('loads a model from an IOHandler and cuts it', async () => {
    let saved: tf.io.ModelArtifacts | undefined;
    const source = buildV1StyleModel();
    await source.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    source.dispose();
    if (!saved) throw new Error('not saved');

    const before = countTensors();
    const trunk = await loadTrunk(tf.io.fromMemory(saved), 'loaded', () => undefined);
    expect(trunk.layout).toBe('v1-classifier');
    expect(trunk.embeddingSize).toBe(TINY_V1_EMBEDDING_SIZE);
    disposeTrunk(trunk);
    expect(countTensors()).toBe(before);
  });

  it('frees the loaded model when it is not a usable trunk', async () => {
    let saved: tf.io.ModelArtifacts | undefined;
    const source = buildVectorModel();
    await source.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    source.dispose();
    if (!saved) throw new Error('not saved');
    const before = countTensors();
    await expect(loadTrunk(tf.io.fromMemory(saved), 'bad')).rejects.toThrow(TrunkFormatError);
    expect(countTensors()).toBe(before);
  });
});

describe('warmUpTrunk', () => {
  it('runs one pass and leaves no tensors behind', async () => {
    const trunk = cutTrunk(buildV2NoTopStyleModel(), 'v2');
    const before = countTensors();
    await warmUpTrunk(trunk);
    expect(countTensors()).toBe(before);
    disposeTrunk(trunk);
  });
});
