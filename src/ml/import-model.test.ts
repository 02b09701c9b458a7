import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExportModel, serializeModel } from './export-model';
import { createHead } from './head';
import { buildImportedHead, inspectModelFiles } from './import-model';
import { countTensors, disposeModelFully } from './memory';
import { ModelFileError, readModelFiles, type NamedBytes } from './model-files';
import { quantizeWeights } from './quantize-weights';
import { modelsDir } from './testing/model-dir';
import { TINY_IMAGE_SIZE, buildTeachableMachineStyleModel, buildV1StyleModel, buildV2NoTopStyleModel } from './testing/tiny-models';
import { cutTrunk, disposeTrunk } from './trunk';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const text = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)).buffer as ArrayBuffer;

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
}

async function filesOf(
  model: tf.LayersModel,
  labels: string[],
  extra: NamedBytes[] = [],
): Promise<{ json: ModelJson; files: NamedBytes[] }> {
  const { modelJson, weightData } = await serializeModel(model);
  const json = JSON.parse(modelJson) as ModelJson;
  return {
    json,
    files: [
      { name: 'model.json', bytes: text(modelJson) },
      { name: 'weights.bin', bytes: weightData },
      { name: 'metadata.json', bytes: text({ labels, modelName: 'tiny', packageName: '@teachablemachine/image', tmVersion: '2.4.7' }) },
      ...extra,
    ],
  };
}

function replace(files: NamedBytes[], name: string, bytes: ArrayBuffer | null): NamedBytes[] {
  const rest = files.filter((f) => f.name !== name);
  return bytes === null ? rest : [...rest, { name, bytes }];
}

async function predict(model: tf.LayersModel, input: tf.Tensor): Promise<Float32Array> {
  const output = model.predict(input) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}

describe('readModelFiles: malformed input gets a message naming the file and the problem', () => {
  it('names a missing weight file', async () => {
    const model = buildTeachableMachineStyleModel();
    const { files } = await filesOf(model, ['a', 'b']);
    expect(() => readModelFiles(replace(files, 'weights.bin', null))).toThrow(
      /model\.json needs the weight file "weights\.bin", which is not among the files picked \("model\.json", "metadata\.json"\)/,
    );
    disposeModelFully(model);
  });

  it('compares the weight bytes with the manifest', async () => {
    const model = buildTeachableMachineStyleModel();
    const { files } = await filesOf(model, ['a', 'b']);
    const weights = files.find((f) => f.name === 'weights.bin')!.bytes;
    expect(() => readModelFiles(replace(files, 'weights.bin', weights.slice(0, 100)))).toThrow(
      new RegExp(
        `"weights.bin" holds 100 bytes but model.json describes ${weights.byteLength.toLocaleString('en')} bytes of weights: the file is truncated`,
      ),
    );
    disposeModelFully(model);
  });

  it('refuses graph models, non-models and broken JSON', async () => {
    const model = buildTeachableMachineStyleModel();
    const { files } = await filesOf(model, ['a', 'b']);
    const graph = { format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] };
    expect(() => readModelFiles(replace(files, 'model.json', text(graph)))).toThrow(
      /is a TensorFlow\.js graph model .* not a layers model/,
    );
    expect(() => readModelFiles(replace(files, 'model.json', text({ hello: 1 })))).toThrow(
      /has no "modelTopology", so it is not a TensorFlow\.js model file/,
    );
    expect(() =>
      readModelFiles(replace(files, 'model.json', text({ modelTopology: { class_name: 'Dense' }, weightsManifest: [] }))),
    ).toThrow(/not a TensorFlow\.js layers model: its topology is a "Dense"/);
    expect(() => readModelFiles(replace(files, 'model.json', text('{"modelTopology": ')))).toThrow(/model\.json is not valid JSON \(/);
    expect(() => readModelFiles(replace(files, 'metadata.json', text('{labels: [')))).toThrow(/metadata\.json is not valid JSON \(/);
    expect(() => readModelFiles(replace(files, 'metadata.json', text([1, 2])))).toThrow(
      /metadata\.json holds a list where an object was expected/,
    );
    expect(() => readModelFiles(replace(files, 'metadata.json', text({ labels: 'a,b' })))).toThrow(
      /metadata\.json: its "labels" must be a non-empty list/,
    );
    expect(() => readModelFiles(replace(files, 'metadata.json', null))).toThrow(/No class labels: pick metadata\.json/);
    expect(() => readModelFiles(replace(files, 'model.json', null))).toThrow(/No model\.json among the files picked/);
    expect(() => readModelFiles([...files, { name: 'other.json', bytes: text({}) }])).toThrow(
      /More than one model file .*"model\.json", "other\.json"/,
    );
    expect(() => readModelFiles([...files, { name: 'sub/model.json', bytes: text({}) }])).toThrow(/Two files are called "model\.json"/);
    expect(() => readModelFiles([])).toThrow(/No files were picked/);
    disposeModelFully(model);
  });

  it('reads files from zip folders by base name, fixes blank and repeated labels, and fingerprints weights', async () => {
    const model = buildTeachableMachineStyleModel();
    const { files } = await filesOf(model, ['x', 'y']);
    const inFolder = files.map((f) => ({ ...f, name: `my-model/${f.name}` }));
    const withOddLabels = replace(inFolder, 'my-model/metadata.json', text({ labels: [' ', 'x', 'x'] }));
    const read = readModelFiles(withOddLabels);
    expect(read.labels).toEqual(['Class 1', 'x', 'x (2)']);
    expect(read.modelJsonName).toBe('model.json');
    expect(read.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(readModelFiles(files).producer).toBe('Teachable Machine');
    disposeModelFully(model);
  });
});

describe('inspectModelFiles and buildImportedHead', () => {
  it('recognises a Teachable-Machine-style model and rebuilds its head to give the same probabilities', async () => {
    const before = countTensors();
    const model = buildTeachableMachineStyleModel();
    const { files } = await filesOf(model, ['cat', 'dog']);
    const read = readModelFiles(files);
    const inspection = await inspectModelFiles(read);
    expect(inspection).toEqual({
      kind: 'full',
      classCount: 2,
      embeddingSize: 6,
      imageSize: TINY_IMAGE_SIZE,
      trunkLayout: 'sequential-trunk',
      quantization: null,
    });
    expect(countTensors()).toBe(before + model.weights.length); // inspecting frees what it built

    const head = await buildImportedHead(read, 'full');
    const trunk = cutTrunk(await tf.loadLayersModel(tf.io.fromMemory(read.artifacts)), 'imported');
    const images = tf.randomUniform([3, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], -1, 1, 'float32', 5);
    const expected = await predict(model, images);
    const embeddings = trunk.model.predict(images) as tf.Tensor;
    const actual = await predict(head, embeddings);
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 6));
    tf.dispose([images, embeddings]);
    disposeModelFully(head);
    disposeTrunk(trunk);
    disposeModelFully(model);
    expect(countTensors()).toBe(before);
  });

  it('round-trips our own full export (V1 and V2 trunks) and a head-only export', async () => {
    for (const build of [buildV1StyleModel, () => buildV2NoTopStyleModel()]) {
      const trunk = cutTrunk(build(), 'tiny');
      const head = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 4, numClasses: 3, seed: 2 });
      const full = await filesOf(buildExportModel(trunk, head), ['a', 'b', 'c']);
      const fullInspection = await inspectModelFiles(readModelFiles(full.files));
      expect(fullInspection.kind).toBe('full');
      expect(fullInspection.embeddingSize).toBe(trunk.embeddingSize);

      const headOnly = await filesOf(head, ['a', 'b', 'c']);
      const headFiles = [
        ...replace(headOnly.files, 'metadata.json', null),
        { name: 'labels.json', bytes: text(['a', 'b', 'c']) },
        { name: 'head.json', bytes: text({ trunk: { id: 'tiny' }, notSureThreshold: 0.7 }) },
      ];
      const read = readModelFiles(headFiles);
      expect(read.producer).toBe('Transfer Lab');
      expect(read.labelsFrom).toBe('labels.json');
      expect(await inspectModelFiles(read)).toMatchObject({
        kind: 'head',
        classCount: 3,
        embeddingSize: trunk.embeddingSize,
        imageSize: null,
      });
      const rebuilt = await buildImportedHead(read, 'head');
      const input = tf.randomNormal([2, trunk.embeddingSize], 0, 1, 'float32', 3);
      const a = await predict(head, input);
      const b = await predict(rebuilt, input);
      b.forEach((value, i) => expect(value).toBeCloseTo(a[i], 6));
      tf.dispose(input);
      disposeModelFully(rebuilt);
      head.dispose();
      disposeTrunk(trunk);
    }
  });

  it('reports labels that do not match the outputs, and image models without a separable head', async () => {
    const model = buildTeachableMachineStyleModel();
    const { files } = await filesOf(model, ['a', 'b', 'c']);
    await expect(inspectModelFiles(readModelFiles(files))).rejects.toThrow(
      /metadata\.json lists 3 labels but the model in model\.json outputs 2 probabilities: the files do not belong together/,
    );
    const classifier = buildV1StyleModel(); // 5 outputs, functional: no Sequential[trunk, head]
    const v1 = await filesOf(classifier, ['1', '2', '3', '4', '5']);
    await expect(inspectModelFiles(readModelFiles(v1.files))).rejects.toThrow(
      /not in Teachable Machine's layout Sequential\[trunk, head\]/,
    );
    disposeModelFully(model);
    disposeModelFully(classifier);
  });

  it('reads a quantised model and says so', async () => {
    const model = buildTeachableMachineStyleModel();
    const { json, files } = await filesOf(model, ['a', 'b']);
    const weights = files.find((f) => f.name === 'weights.bin')!.bytes;
    const quantized = quantizeWeights({ specs: json.weightsManifest[0].weights, data: weights }, 'uint8');
    const quantizedJson = { ...json, weightsManifest: [{ paths: ['weights.bin'], weights: quantized.specs }] };
    const read = readModelFiles(replace(replace(files, 'model.json', text(quantizedJson)), 'weights.bin', quantized.data));
    expect(read.weightBytes).toBe(quantized.data.byteLength);
    expect(read.weightBytes).toBeLessThan(weights.byteLength);
    expect((await inspectModelFiles(read)).quantization).toBe('uint8');
    disposeModelFully(model);
  });

  it('wraps an unbuildable topology in a message', async () => {
    const model = buildTeachableMachineStyleModel();
    const { json, files } = await filesOf(model, ['a', 'b']);
    const broken = JSON.parse(JSON.stringify(json)) as ModelJson & { modelTopology: { config: { layers: { class_name: string }[] } } };
    broken.modelTopology.config.layers[1].class_name = 'NoSuchLayer';
    const read = readModelFiles(replace(files, 'model.json', text(broken)));
    const failure = inspectModelFiles(read);
    await expect(failure).rejects.toBeInstanceOf(ModelFileError);
    await expect(failure).rejects.toThrow(/TensorFlow\.js could not build the model in model\.json: .*NoSuchLayer/);
    disposeModelFully(model);
  });
});

const TM_EXPORTS = path.join(modelsDir(), 'teachable-machine-exports');
const realExports = ['ssuyeoncho', 'yogamaulana17'].map((folder) => path.join(TM_EXPORTS, folder));
const available = realExports.every((dir) => existsSync(path.join(dir, 'model.json')));

describe.skipIf(!available)('real Teachable Machine exports', () => {
  const read = (dir: string) =>
    readModelFiles(
      ['model.json', 'weights.bin', 'metadata.json'].map((name) => {
        const bytes = readFileSync(path.join(dir, name));
        return { name, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
      }),
    );

  it('reads both, Korean labels included, as full models on a 1280-feature MobileNet V2 trunk', async () => {
    const before = countTensors();
    const korean = read(realExports[0]);
    expect(korean.labels).toEqual(['가위', '주먹']);
    expect(korean.producer).toBe('Teachable Machine');
    expect(korean.modelName).toBe('tm-my-image-model');
    const other = read(realExports[1]);
    expect(other.labels).toEqual(['mine', 'alone']);
    expect(other.fingerprint).not.toBe(korean.fingerprint);
    for (const files of [korean, other]) {
      expect(await inspectModelFiles(files)).toEqual({
        kind: 'full',
        classCount: 2,
        embeddingSize: 1280,
        imageSize: 224,
        trunkLayout: 'sequential-trunk',
        quantization: null,
      });
    }
    expect(countTensors()).toBe(before);
  });

  it("rebuilds the Korean model's head so that trunk + head equals the whole model", async () => {
    const files = read(realExports[0]);
    const whole = await tf.loadLayersModel(tf.io.fromMemory(files.artifacts));
    const head = await buildImportedHead(files, 'full');
    const trunk = cutTrunk(await tf.loadLayersModel(tf.io.fromMemory(files.artifacts)), 'tm');
    const images = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 8);
    const expected = await predict(whole, images);
    const embeddings = trunk.model.predict(images) as tf.Tensor;
    const actual = await predict(head, embeddings);
    actual.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(1e-5));
    tf.dispose([images, embeddings]);
    disposeModelFully(head);
    disposeModelFully(whole);
    disposeTrunk(trunk);
  });
});
