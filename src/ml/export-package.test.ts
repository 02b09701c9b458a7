import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExportPackage, describeTrunk, type ExportPackageInput } from './export-package';
import { createHead } from './head';
import { countTensors, disposeModelFully } from './memory';
import { buildV2NoTopStyleModel } from './testing/tiny-models';
import { cutTrunk, disposeTrunk, type Trunk } from './trunk';

let trunk: Trunk;
let head: tf.Sequential;

beforeAll(async () => {
  await tf.setBackend('cpu');
  trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny');
  head = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 5, numClasses: 2, seed: 3 });
});

afterAll(() => {
  disposeModelFully(head);
  disposeTrunk(trunk);
});

function input(kind: ExportPackageInput['kind'], extra: Partial<ExportPackageInput> = {}): ExportPackageInput {
  return {
    kind,
    labels: ['cat', 'dog'],
    modelName: 'pets',
    threshold: 0.6,
    quantization: 'uint8',
    quantizationReport: null,
    trunk,
    head,
    appVersion: '9.9.9',
    exportedAt: new Date('2026-01-02T03:04:05Z'),
    example: null,
    consumers: null,
    ...extra,
  };
}

const names = (files: { name: string }[]) => files.map((f) => f.name);
const bytes = (files: { name: string; content: string | ArrayBuffer }[], name: string) => {
  const content = files.find((f) => f.name === name)?.content;
  return content instanceof ArrayBuffer ? content.byteLength : -1;
};

describe('buildExportPackage', () => {
  it('packs each kind with its own files and a README that lists them', async () => {
    const before = countTensors();
    const head = await buildExportPackage(input('head'));
    expect(names(head)).toEqual(['model.json', 'weights.bin', 'labels.json', 'head.json', 'README.txt']);
    const full = await buildExportPackage(input('full'));
    expect(names(full)).toEqual(['model.json', 'weights.bin', 'metadata.json', 'README.txt']);
    const metadata = JSON.parse(full[2].content as string) as { labels: string[]; userMetadata: { notSureThreshold: number } };
    expect(metadata.labels).toEqual(['cat', 'dog']);
    expect(metadata.userMetadata.notSureThreshold).toBe(0.6);
    const readme = full[3].content as string;
    for (const name of ['model.json', 'weights.bin', 'metadata.json']) expect(readme).toContain(name);
    expect(JSON.parse(full[0].content as string).convertedBy).toBe('Transfer Lab 9.9.9');
    expect(countTensors()).toBe(before);
  });

  it('quantises the weights of a quantised export (uint8: a quarter of float32, plus scales)', async () => {
    const full = await buildExportPackage(input('full'));
    const quantized = await buildExportPackage(input('quantized'));
    expect(bytes(quantized, 'weights.bin')).toBeLessThan(bytes(full, 'weights.bin') / 2);
  });

  it('adds the example page files, and refuses an example without them', async () => {
    const example = { indexHtml: '<html>', classifyJs: 'c', decodePixelsJs: 'd', preprocessPixelsJs: 'p', tfjsBundle: new ArrayBuffer(8) };
    const files = await buildExportPackage(input('example', { example }));
    expect(names(files)).toEqual([
      'model.json',
      'weights.bin',
      'metadata.json',
      'index.html',
      'classify.js',
      'decode-pixels.js',
      'preprocess-pixels.js',
      'tf.min.js',
      'README.txt',
    ]);
    await expect(buildExportPackage(input('example'))).rejects.toThrow(/example page/);
  });
});

describe('describeTrunk', () => {
  it('names a catalog trunk with its canonical URL, and a local one without', () => {
    expect(describeTrunk({ ...trunk, id: 'mobilenet_v2_0.35_224' })).toMatchObject({
      layout: 'v2-no-top',
      canonicalUrl: expect.stringMatching(/^https:/),
    });
    expect(describeTrunk(trunk)).toMatchObject({ name: 'Trunk loaded from local files', canonicalUrl: null });
  });
});
