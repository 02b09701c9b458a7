import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEIGHTS_FILE_NAME, buildExportModel, createMetadata, serializeModel, type ModelArtifacts } from './export-model';
import { createHead } from './head';
import { countTensors, disposeModelFully } from './memory';
import { PREPROCESSING } from './preprocess';
import { TINY_IMAGE_SIZE, buildTeachableMachineStyleModel, buildV1StyleModel, buildV2NoTopStyleModel } from './testing/tiny-models';
import { cutTrunk, disposeTrunk } from './trunk';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface ModelJson {
  modelTopology: {
    class_name: string;
    config: { layers: { class_name: string; config: { name: string; layers?: { class_name: string }[] } }[] };
  };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
}

async function loadArtifacts(artifacts: ModelArtifacts): Promise<tf.LayersModel> {
  const json = JSON.parse(artifacts.modelJson) as ModelJson & { modelTopology: object };
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
      weightData: artifacts.weightData,
    }),
  );
}

async function predictValues(model: tf.LayersModel, input: tf.Tensor): Promise<Float32Array> {
  const output = model.predict(input) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}

const layouts = [
  { name: 'V1 cut', build: buildV1StyleModel, trunkLayers: ['Model'] },
  { name: 'V2 no_top', build: () => buildV2NoTopStyleModel(), trunkLayers: ['Model', 'GlobalAveragePooling2D'] },
  { name: 'Teachable Machine', build: buildTeachableMachineStyleModel, trunkLayers: ['Model', 'GlobalAveragePooling2D'] },
];

describe('buildExportModel + serializeModel', () => {
  for (const layout of layouts) {
    it(`round-trips a ${layout.name} trunk with a head as Sequential[trunk, head]`, async () => {
      const before = countTensors();
      const trunk = cutTrunk(layout.build(), 'tiny');
      const head = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 5, numClasses: 3, seed: 9 });
      const images = tf.randomUniform([4, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], -1, 1, 'float32', 6);

      const exportModel = buildExportModel(trunk, head);
      expect(exportModel.inputs[0].shape).toEqual([null, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3]);
      expect(exportModel.outputs[0].shape).toEqual([null, 3]);
      // Shared, not copied: no new weight tensors.
      const afterBuild = countTensors();
      const artifacts = await serializeModel(exportModel);

      const json = JSON.parse(artifacts.modelJson) as ModelJson;
      expect(json.weightsManifest).toHaveLength(1);
      expect(json.weightsManifest[0].paths).toEqual([WEIGHTS_FILE_NAME]);
      const specs = json.weightsManifest[0].weights;
      const expectedBytes = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
      expect(artifacts.weightData.byteLength).toBe(expectedBytes);
      expect(specs.every((spec) => spec.dtype === 'float32')).toBe(true);
      expect(new Set(specs.map((spec) => spec.name)).size).toBe(specs.length);
      expect(specs.length).toBe(trunk.model.weights.length + head.weights.length);

      const topology = json.modelTopology;
      expect(topology.class_name).toBe('Sequential');
      expect(topology.config.layers.map((layer) => layer.class_name)).toEqual(['Sequential', 'Sequential']);
      expect(topology.config.layers[0].config.layers?.map((layer) => layer.class_name)).toEqual(layout.trunkLayers);
      expect(topology.config.layers[1].config.name).toBe(head.name);

      const reloaded = await loadArtifacts(artifacts);
      const expected = tf.tidy(() => head.predict(trunk.model.predict(images) as tf.Tensor) as tf.Tensor);
      const reference = await expected.data();
      const actual = await predictValues(reloaded, images);
      const viaWrapper = await predictValues(exportModel, images);
      actual.forEach((value, i) => expect(value).toBeCloseTo(reference[i], 5));
      viaWrapper.forEach((value, i) => expect(value).toBeCloseTo(reference[i], 6));

      tf.dispose([expected, images]);
      disposeModelFully(reloaded);
      expect(countTensors()).toBe(afterBuild - 1);
      // Dropping the wrapper is enough: head and trunk free everything as if it never existed.
      head.dispose();
      disposeTrunk(trunk);
      expect(countTensors()).toBe(before);
    });
  }

  it('rejects a head whose input does not match the trunk', () => {
    const trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny');
    const head = createHead({ inputSize: trunk.embeddingSize + 1, hiddenUnits: 2, numClasses: 2, seed: 1 });
    expect(() => buildExportModel(trunk, head)).toThrow(/takes 7 inputs but the trunk "tiny" produces 6/);
    head.dispose();
    disposeTrunk(trunk);
  });

  it('keeps working with a second head after the first was exported and disposed', async () => {
    const trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny');
    const first = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 2, numClasses: 2, seed: 1 });
    await serializeModel(buildExportModel(trunk, first));
    first.dispose();
    const second = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 2, numClasses: 2, seed: 2 });
    const artifacts = await serializeModel(buildExportModel(trunk, second));
    expect(JSON.parse(artifacts.modelJson).weightsManifest[0].weights.length).toBe(trunk.model.weights.length + 4);
    second.dispose();
    disposeTrunk(trunk);
  });
});

describe('createMetadata', () => {
  it("fills Teachable Machine's metadata fields", () => {
    const metadata = createMetadata({
      labels: ['cats', 'dogs'],
      modelName: 'pets',
      trunkId: 'mobilenet_v2_0.35_224',
      appVersion: '0.1.0',
      now: new Date('2024-05-06T07:08:09.000Z'),
    });
    expect(metadata).toEqual({
      tfjsVersion: tf.version.tfjs,
      packageName: 'transfer-lab',
      packageVersion: '0.1.0',
      modelName: 'pets',
      timeStamp: '2024-05-06T07:08:09.000Z',
      labels: ['cats', 'dogs'],
      imageSize: 224,
      userMetadata: { preprocessing: PREPROCESSING, trunk: 'mobilenet_v2_0.35_224', exportedBy: 'Transfer Lab' },
    });
    expect(JSON.parse(JSON.stringify(metadata))).toEqual(metadata);
  });
});
