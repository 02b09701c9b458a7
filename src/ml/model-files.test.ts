import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeModel } from './export-model';
import { disposeModelFully } from './memory';
import { checkDeclaredShapes, MAX_MODEL_WEIGHT_BYTES } from './model-shape-check';
import { ModelFileError, readModelFiles, type NamedBytes } from './model-files';
import { modelsDir } from './testing/model-dir';
import { buildTeachableMachineStyleModel, buildV1StyleModel, buildV2NoTopStyleModel } from './testing/tiny-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const text = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)).buffer as ArrayBuffer;

interface LayerJson {
  class_name: string;
  config: Record<string, unknown> & { layers?: LayerJson[]; name?: string };
}
interface ModelJson {
  modelTopology: LayerJson;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

async function modelFiles(model: tf.LayersModel, labels: unknown[]): Promise<{ json: ModelJson; files: NamedBytes[] }> {
  const { modelJson, weightData } = await serializeModel(model);
  disposeModelFully(model);
  return {
    json: JSON.parse(modelJson) as ModelJson,
    files: [
      { name: 'model.json', bytes: text(modelJson) },
      { name: 'weights.bin', bytes: weightData },
      { name: 'metadata.json', bytes: text({ labels, packageName: '@teachablemachine/image' }) },
    ],
  };
}

function withModelJson(files: NamedBytes[], json: ModelJson): NamedBytes[] {
  return files.map((f) => (f.name === 'model.json' ? { name: 'model.json', bytes: text(json) } : f));
}

function everyLayer(node: LayerJson, visit: (layer: LayerJson) => void): void {
  if (node.config.layers) node.config.layers.forEach((child) => everyLayer(child, visit));
  else visit(node);
}

function firstLayer(json: ModelJson, className: string): LayerJson {
  let found: LayerJson | null = null;
  everyLayer(json.modelTopology, (layer) => {
    if (!found && layer.class_name === className) found = layer;
  });
  if (!found) throw new Error(`no ${className} layer`);
  return found;
}

describe('readModelFiles: labels become valid, distinct class names, and each change is said', () => {
  it('["a","a","a (2)"] gives three different names, not two "a (2)"', async () => {
    const { files } = await modelFiles(buildTeachableMachineStyleModel(), ['a', 'a', 'a (2)']);
    const read = readModelFiles(files);
    expect(new Set(read.labels).size).toBe(3);
    expect(read.labels).toEqual(['a', 'a (3)', 'a (2)']);
    expect(read.labelChanges).toEqual(['Class 2: "a" became "a (3)": another class is already called "a".']);
  });

  it('cuts a label longer than 200 characters (stored projects refuse longer names) and says so', async () => {
    const { files } = await modelFiles(buildTeachableMachineStyleModel(), ['w'.repeat(300), 'b']);
    const read = readModelFiles(files);
    expect(read.labels[0]).toBe('w'.repeat(200));
    expect(read.labelChanges[0]).toMatch(/^Class 1: ".*" became ".*": class names can be at most 200 characters long\.$/);
  });
});

describe('readModelFiles: declared sizes are checked against the weights before anything is built', () => {
  it('refuses a Dense layer of 400,000 units whose weights hold a few', async () => {
    const { json, files } = await modelFiles(buildTeachableMachineStyleModel(), ['a', 'b']);
    const dense = firstLayer(json, 'Dense');
    const kernel = json.weightsManifest[0].weights.find((w) => w.name.endsWith(`${dense.config.name}/kernel`))!;
    dense.config.units = 400_000;
    const read = () => readModelFiles(withModelJson(files, json));
    expect(read).toThrow(ModelFileError);
    expect(read).toThrow(
      `model.json: layer "${dense.config.name}" declares 400,000 as its units, but its weight "${kernel.name}" has shape [${kernel.shape.join(', ')}]: the model description and the weights do not match.`,
    );
  });

  it('refuses convolutions whose filters or kernel size disagree with their kernel', async () => {
    const { json, files } = await modelFiles(buildV1StyleModel(), ['a', 'b']);
    const conv = firstLayer(json, 'Conv2D');
    const original = JSON.parse(JSON.stringify(json)) as ModelJson;
    conv.config.filters = 100_000;
    expect(() => readModelFiles(withModelJson(files, json))).toThrow(/declares 100,000 as its filters, but its weight .* has shape/);
    const conv2 = firstLayer(original, 'Conv2D');
    conv2.config.kernel_size = [999, 999];
    expect(() => readModelFiles(withModelJson(files, original))).toThrow(/declares 999 as its kernel size, but its weight/);
  });

  it('refuses a layer with declared weights that the manifest does not list', async () => {
    const { json, files } = await modelFiles(buildTeachableMachineStyleModel(), ['a', 'b']);
    firstLayer(json, 'Dense').config.name = 'renamed_dense';
    expect(() => readModelFiles(withModelJson(files, json))).toThrow(
      /layer "renamed_dense" declares .* as its units, but the weights list no "renamed_dense\/kernel" for it/,
    );
  });

  it('refuses absurd input sizes and non-numbers', async () => {
    const { json, files } = await modelFiles(buildV2NoTopStyleModel(), ['a', 'b']);
    const input = firstLayer(json, 'InputLayer');
    const shape = input.config.batch_input_shape as (number | null)[];
    const original = JSON.stringify(json);
    input.config.batch_input_shape = [null, 100_000, shape[2], shape[3]];
    expect(() => readModelFiles(withModelJson(files, json))).toThrow(
      /declares an input size of 100000; sizes must be whole numbers from 1 to 4,096/,
    );
    input.config.batch_input_shape = [null, 4096, 4096, 3];
    expect(() => readModelFiles(withModelJson(files, json))).toThrow(
      /takes 50,331,648 values per example; this app accepts at most 3,000,000/,
    );
    const again = JSON.parse(original) as ModelJson;
    firstLayer(again, 'Conv2D').config.filters = '16';
    expect(() => readModelFiles(withModelJson(files, again))).toThrow(/declares 16 as its filters; it needs a whole number/);
  });

  it('caps the weights at 64 MB', () => {
    const side = Math.ceil(Math.sqrt(MAX_MODEL_WEIGHT_BYTES / 4)) + 1;
    const specs: tf.io.WeightsManifestEntry[] = [{ name: 'big/kernel', shape: [side, side], dtype: 'float32' }];
    expect(() => checkDeclaredShapes({ class_name: 'Sequential', config: { layers: [] } }, specs)).toThrow(
      /this app accepts models up to 67,108,864 bytes \(64 MB\)/,
    );
  });

  const root = modelsDir();
  const realModels = existsSync(root)
    ? readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((p) => p.endsWith('model.json'))
        .map((p) => path.join(root, p))
    : [];
  it.skipIf(realModels.length === 0)('accepts every real trunk and Teachable Machine export in ../shared/models', () => {
    for (const file of realModels) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as ModelJson;
      expect(() =>
        checkDeclaredShapes(
          json.modelTopology,
          json.weightsManifest.flatMap((g) => g.weights),
          file,
        ),
      ).not.toThrow();
    }
    expect(realModels.length).toBeGreaterThanOrEqual(6);
  });
});
