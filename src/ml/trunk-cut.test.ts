import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeModel } from './export-model';
import { describeTrunk } from './export-package';
import { buildReadme, trunkCut } from './export-readme';
import { disposeModelFully } from './memory';
import { buildV1StyleModel, buildV2SequentialStyleModel, TINY_IMAGE_SIZE } from './testing/tiny-models';
import { cutTrunk, disposeTrunk, TrunkFormatError } from './trunk';
import { cutArtifactsAtLayer, cutPoolingName } from './trunk-cut';

/** The tiny V1-style model's artifacts as model.json would give them. */
async function tinyV1Artifacts(): Promise<tf.io.ModelArtifacts> {
  const model = buildV1StyleModel();
  const { modelJson, weightData } = await serializeModel(model);
  disposeModelFully(model);
  const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData };
}

async function embed(artifacts: tf.io.ModelArtifacts, id: string, batch: tf.Tensor4D): Promise<Float32Array> {
  const trunk = cutTrunk(await tf.loadLayersModel(tf.io.fromMemory(artifacts)), id);
  try {
    const output = trunk.model.predict(batch) as tf.Tensor;
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  } finally {
    disposeTrunk(trunk);
  }
}

describe('cutArtifactsAtLayer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps the layers up to the named one and their weights, and adds global average pooling', async () => {
    const artifacts = await tinyV1Artifacts();
    const cut = cutArtifactsAtLayer(artifacts, 'v1_relu', 'Tiny V1');
    const config = (cut.modelTopology as { model_config: { config: { layers: { name: string }[]; output_layers: unknown[] } } })
      .model_config.config;
    // The input layer keeps its generated name (input1, input2, ...).
    expect(config.layers.map((l) => l.name).slice(1)).toEqual(['v1_conv', 'v1_bn', 'v1_relu', cutPoolingName('v1_relu')]);
    expect(config.output_layers).toEqual([[cutPoolingName('v1_relu'), 0, 0]]);
    expect(cut.weightSpecs?.map((s) => s.name.split('/')[0])).not.toContain('v1_predictions');
    expect((cut.weightData as ArrayBuffer).byteLength).toBe(
      (artifacts.weightData as ArrayBuffer).byteLength - (4 * 5 + 5) * 4, // the dense head's kernel [4, 5] and bias [5]
    );

    // Here the named cut is where the usual V1 cut (global_average_pooling2d_1) pools too: same vectors.
    const batch = tf.randomUniform([3, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
    const fromCut = await embed(cut, 'cut', batch);
    const usual = await embed(artifacts, 'usual', batch);
    batch.dispose();
    expect(fromCut).toHaveLength(3 * 4);
    expect(Array.from(fromCut).every((v, i) => Math.abs(v - usual[i]) < 1e-6)).toBe(true);
  });

  it('gives the same artifacts whatever the key order of model.json and the order of its weights', async () => {
    const artifacts = await tinyV1Artifacts();
    const reordered: tf.io.ModelArtifacts = {
      modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology), (_k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      ) as object,
      // The same weights listed last-first, their bytes moved with them.
      weightSpecs: [...(artifacts.weightSpecs ?? [])].reverse(),
      weightData: reverseWeights(artifacts),
    };
    const a = cutArtifactsAtLayer(artifacts, 'v1_relu', 'Tiny V1');
    const b = cutArtifactsAtLayer(reordered, 'v1_relu', 'Tiny V1');
    expect(JSON.stringify(b.modelTopology)).toBe(JSON.stringify(a.modelTopology));
    expect(b.weightSpecs).toEqual(a.weightSpecs);
    expect(new Uint8Array(b.weightData as ArrayBuffer)).toEqual(new Uint8Array(a.weightData as ArrayBuffer));
  });

  it('refuses a model without the named layer, saying which layer and which trunk', async () => {
    const artifacts = await tinyV1Artifacts();
    const refuse = () => cutArtifactsAtLayer(artifacts, 'conv_pw_12_relu', 'MobileNet V1 α1.0');
    expect(refuse).toThrow(TrunkFormatError);
    expect(refuse).toThrow(
      'This model has no layer named "conv_pw_12_relu". "MobileNet V1 α1.0" takes its image features from that layer, so this file is not that trunk (its last layer is "v1_predictions").',
    );
  });

  it('refuses a model whose layers are not wired by name (a Sequential)', async () => {
    const model = buildV2SequentialStyleModel();
    const { modelJson, weightData } = await serializeModel(model);
    disposeModelFully(model);
    const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    expect(() =>
      cutArtifactsAtLayer(
        { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData },
        'out_relu',
        'V2',
      ),
    ).toThrow(/"V2" is cut at its layer "out_relu", which needs .*\(a Keras functional model\); this model.json holds a Sequential/);
  });
});

/** The weight bytes of `artifacts` with the weights in reverse order. */
function reverseWeights(artifacts: tf.io.ModelArtifacts): ArrayBuffer {
  const bytes = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const length = spec.shape.reduce((p, d) => p * d, 1) * 4;
    chunks.push(bytes.slice(offset, offset + length));
    offset += length;
  }
  const out = new Uint8Array(bytes.byteLength);
  let at = 0;
  for (const chunk of chunks.reverse()) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out.buffer;
}

describe('exports of a catalogue trunk with a cut layer', () => {
  it('tell where to cut the canonical model: at the layer, then global average pooling', async () => {
    await tf.setBackend('cpu');
    const trunk = cutTrunk(
      await tf.loadLayersModel(tf.io.fromMemory(cutArtifactsAtLayer(await tinyV1Artifacts(), 'v1_relu', 'T'))),
      'mobilenet_v1_1.0_224_b12',
    );
    try {
      const description = describeTrunk(trunk);
      expect(description).toMatchObject({
        cutLayer: 'conv_pw_12_relu',
        canonicalUrl: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/model.json',
      });
      const readme = buildReadme({
        kind: 'head',
        modelName: 'm',
        labels: ['a', 'b'],
        threshold: null,
        trunk: description,
        appVersion: '0',
        tfjsVersion: tf.version.tfjs,
        exportedAt: 'today',
        files: [],
        consumers: null,
        quantization: null,
      });
      expect(readme).toContain(
        'Cut at the output of layer "conv_pw_12_relu" of the model at the canonical URL, then global average pooling.',
      );
      expect(readme).toContain(trunkCut(description.layout, 'conv_pw_12_relu').code.split('\n')[0]);
      expect(readme).not.toContain('global_average_pooling2d_1');
    } finally {
      disposeTrunk(trunk);
    }
  });
});
