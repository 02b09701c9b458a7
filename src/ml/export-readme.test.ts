import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { ConsumerComparison, QuantizationReport } from './export-kinds';
import { createExportMetadata, createHeadJson } from './export-metadata';
import { buildReadme, formatBytes, trunkCut, type ReadmeInput, type TrunkDescription } from './export-readme';
import { PREPROCESSING } from './preprocess';

const V2: TrunkDescription = {
  id: 'mobilenet_v2_0.35_224',
  name: 'MobileNet V2 α0.35',
  canonicalUrl:
    'https://storage.googleapis.com/teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top/model.json',
  layout: 'v2-no-top',
  embeddingSize: 1280,
  imageSize: 224,
};

const difference = (max: number, same: number) => ({
  imageCount: 8,
  maxAbsDifference: max,
  meanAbsDifference: max / 4,
  sameTopClass: same,
});

const CONSUMERS: ConsumerComparison = {
  images: 'validation',
  teachableMachine: difference(0.0123, 8),
  ml5: difference(0.25, 7),
  precroppedBy127: difference(0.004, 8),
};

function input(overrides: Partial<ReadmeInput>): ReadmeInput {
  return {
    kind: 'full',
    modelName: 'pets',
    labels: ['가위', 'dog', 'cat'],
    threshold: null,
    trunk: V2,
    appVersion: '0.1.0',
    tfjsVersion: '4.22.0',
    exportedAt: '2024-05-06T07:08:09.000Z',
    files: [
      { name: 'model.json', bytes: 90_000, about: 'the model' },
      { name: 'weights.bin', bytes: 2_154_032, about: 'its weights' },
    ],
    consumers: CONSUMERS,
    quantization: null,
    ...overrides,
  };
}

describe('buildReadme', () => {
  it('states input size, crop policy, resize, scaling and the label order', () => {
    const readme = buildReadme(input({}));
    expect(readme).toContain('A float32 tensor [n, 224, 224, 3]');
    expect(readme).toContain('Crop policy: take the largest centred square');
    expect(readme).toContain('tf.image.resizeBilinear(square, [224, 224], false, true)');
    expect(readme).toContain('Scaling: x / 127.5 - 1');
    expect(readme).toMatch(/in this order:\n {6}0 {2}가위\n {6}1 {2}dog\n {6}2 {2}cat/);
    expect(readme).toContain('None set: the most probable class is the answer.');
    expect(readme).toMatch(/weights\.bin\s+2\.05 MB {2}its weights/);
    expect(readme).toContain(`Canonical download of the same weights: ${V2.canonicalUrl}`);
    expect(readme).toContain('tmImage.load(URL + "model.json", URL + "metadata.json")');
    expect(readme).toContain('await ml5.imageClassifier(URL + "model.json")');
  });

  it("reports the measured effect of Teachable Machine's and ml5's preprocessing", () => {
    const readme = buildReadme(input({}));
    expect(readme).toContain('scales x / 127 - 1 (not / 127.5)');
    expect(readme).toContain('squashes the whole image to 224 × 224');
    expect(readme).toContain('on 8 validation images of the last training run');
    expect(readme).toMatch(/@teachablemachine\/image, image as is\s+0\.0123\s+0\.0031\s+8 of 8/);
    expect(readme).toMatch(/ml5\.imageClassifier, image as is\s+0\.2500\s+0\.0625\s+7 of 8/);
    expect(readme).toMatch(/either, given a 224 px crop made as above\s+0\.0040/);
    expect(buildReadme(input({ consumers: null }))).toContain('Not measured for this model: the project had no labelled images');
  });

  it('writes the threshold, and for a head its trunk, cut and loading recipe', () => {
    const readme = buildReadme(input({ kind: 'head', threshold: 0.65, consumers: null }));
    expect(readme).toContain('0.65: when the highest probability is below 0.65, show "not sure"');
    expect(readme).toContain('stored as notSureThreshold in head.json');
    expect(readme).toContain('[n, 1280] produced by the trunk');
    expect(readme).toContain(`const trunkModel = await tf.loadLayersModel("${V2.canonicalUrl}");`);
    expect(readme).toContain("trunkModel.getLayer('out_relu').output");
    expect(readme).not.toContain('Other tools prepare images differently');
    const local = buildReadme(
      input({ kind: 'head', trunk: { ...V2, id: 'local:model.json', canonicalUrl: null, layout: 'sequential-trunk' } }),
    );
    expect(local).toContain('No public URL');
    expect(local).toContain('tf.loadLayersModel(TRUNK_URL)');
    expect(local).toContain('const trunk = trunkModel.layers[0];');
  });

  it('explains how to serve the standalone example', () => {
    const readme = buildReadme(input({ kind: 'example', threshold: 0.5 }));
    expect(readme).toContain('python3 -m http.server 8000');
    expect(readme).toContain('file://');
    expect(readme).toContain('userMetadata.notSureThreshold in metadata.json');
  });

  it('gives the quantised size and the accuracy change', () => {
    const report: QuantizationReport = {
      dtype: 'uint8',
      originalBytes: 2_154_032,
      quantizedBytes: 538_508,
      images: 'all',
      floatAccuracy: 0.95,
      quantizedAccuracy: 0.9,
      difference: { imageCount: 20, maxAbsDifference: 0.0712, meanAbsDifference: 0.01, sameTopClass: 19 },
    };
    const readme = buildReadme(input({ kind: 'quantized', quantization: report }));
    expect(readme).toContain('weights.bin: 525.9 KB instead of 2.05 MB (25.0%)');
    expect(readme).toContain('Measured on 20 labelled images of the project (the last run had no validation images)');
    expect(readme).toContain('accuracy 95.0% at full precision, 90.0% quantised');
    expect(readme).toContain('same top class for 19 of 20 images; probabilities differ by at most 0.0712');
  });

  it('describes every trunk layout and formats sizes', () => {
    expect(trunkCut('v1-classifier').words).toContain('global_average_pooling2d_1');
    expect(trunkCut('embedding-model').code).toBe('const trunk = trunkModel;');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(2048)).toBe('2.0 KB');
  });
});

describe('export metadata', () => {
  const now = new Date('2024-05-06T07:08:09.000Z');

  it("keeps Teachable Machine's metadata fields and adds the kind, threshold and quantisation", () => {
    const metadata = createExportMetadata({
      kind: 'quantized',
      labels: ['a', 'b'],
      modelName: 'm',
      trunkId: 't',
      appVersion: '0.1.0',
      threshold: 0.6,
      quantization: 'float16',
      now,
    });
    expect(metadata).toEqual({
      tfjsVersion: tf.version.tfjs,
      packageName: 'transfer-lab',
      packageVersion: '0.1.0',
      modelName: 'm',
      timeStamp: now.toISOString(),
      labels: ['a', 'b'],
      imageSize: 224,
      userMetadata: {
        preprocessing: PREPROCESSING,
        trunk: 't',
        exportedBy: 'Transfer Lab',
        exportKind: 'quantized',
        notSureThreshold: 0.6,
        quantization: 'float16',
      },
    });
    const plain = createExportMetadata({
      kind: 'full',
      labels: ['a'],
      modelName: 'm',
      trunkId: 't',
      appVersion: '0.1.0',
      threshold: null,
      quantization: null,
      now,
    });
    expect(plain.userMetadata).not.toHaveProperty('notSureThreshold');
    expect(plain.userMetadata).not.toHaveProperty('quantization');
  });

  it('writes head.json with the trunk id, canonical URL, cut and preprocessing', () => {
    const head = createHeadJson({ labels: ['a', 'b'], modelName: 'm', appVersion: '0.1.0', threshold: null, trunk: V2, now });
    expect(head.trunk).toEqual({ ...V2, cut: trunkCut('v2-no-top').words });
    expect(head).toMatchObject({
      labels: ['a', 'b'],
      notSureThreshold: null,
      preprocessing: PREPROCESSING,
      exportedBy: 'Transfer Lab 0.1.0',
    });
  });
});
