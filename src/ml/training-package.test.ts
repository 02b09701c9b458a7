import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHead } from './head';
import { countTensors, disposeModelFully } from './memory';
import { stratifiedSplit } from './split';
import { buildV2NoTopStyleModel } from './testing/tiny-models';
import {
  buildTrainingPackage,
  packageSplit,
  safeName,
  type PackageSettings,
  type TrainingPackageInput,
  type TrainingPackageManifest,
} from './training-package';
import { cutTrunk, disposeTrunk, type Trunk } from './trunk';

let trunk: Trunk;
const SETTINGS: PackageSettings = {
  epochs: 7,
  batchSize: 4,
  learningRate: 0.002,
  hiddenUnits: 5,
  seed: 11,
  valFraction: 0.15,
  testFraction: 0.15,
  mirrorViews: true,
  finalFit: true,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny');
});
afterAll(() => disposeTrunk(trunk));

function photos(perClass: number[]): TrainingPackageInput['photos'] {
  return perClass.flatMap((count, classIndex) =>
    Array.from({ length: count }, (_, i) => ({ classIndex, name: `photo ${i}.JPG`, bytes: new Uint8Array([classIndex, i, 255]) })),
  );
}

function input(extra: Partial<TrainingPackageInput> = {}): TrainingPackageInput {
  return {
    labels: ['red cat', 'Hund/Katze'],
    photos: photos([10, 12]),
    settings: SETTINGS,
    trunk,
    trainedHead: null,
    python: { trainPy: 'print(1)\n', requirementsTxt: 'keras==3\n', readmeMd: '# r\n' },
    appVersion: '9.9.9',
    exportedAt: new Date('2026-01-02T03:04:05Z'),
    ...extra,
  };
}

const text = (files: { name: string; content: string | ArrayBuffer }[], name: string) => {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`no ${name}`);
  return typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
};

describe('buildTrainingPackage', () => {
  it('writes every photo once, in a safe folder per class, with the split the app makes from the same seed', async () => {
    const files = await buildTrainingPackage(input());
    const manifest = JSON.parse(text(files, 'dataset.json')) as TrainingPackageManifest;
    expect(manifest.photos).toHaveLength(22);
    expect(manifest.photos[0].path).toBe('photos/00_red_cat/00000_photo_0.JPG');
    expect(manifest.photos[21].path).toBe('photos/01_Hund_Katze/00021_photo_11.JPG');
    for (const [i, photo] of manifest.photos.entries()) {
      const file = files.find((f) => f.name === photo.path);
      expect(new Uint8Array(file!.content as ArrayBuffer)).toEqual(input().photos[i].bytes);
    }
    const labels = input().photos.map((p) => p.classIndex);
    const app = stratifiedSplit(labels, 0.15, 11, 0.15);
    expect(manifest.photos.flatMap((p, i) => (p.split === 'test' ? [i] : []))).toEqual(app.testIndices);
    expect(manifest.photos.flatMap((p, i) => (p.split === 'val' ? [i] : []))).toEqual(app.valIndices);
    expect(manifest.settings).toMatchObject({ ...SETTINGS, effectiveTestFraction: 0.15, optimizer: 'adam' });
    expect(JSON.parse(text(files, 'labels.json'))).toEqual(['red cat', 'Hund/Katze']);
    expect(text(files, 'train.py')).toBe('print(1)\n');
  });

  it('holds no test split while a class has fewer than 10 photos, as the app', () => {
    expect(
      packageSplit(
        photos([9, 12]).map((p) => ({ classIndex: p.classIndex })),
        2,
        SETTINGS,
      ).testFraction,
    ).toBe(0);
  });

  it('writes the untrained head with the seeded initial weights of the app, or the trained head, and frees what it made', async () => {
    const before = countTensors();
    const untrained = await buildTrainingPackage(input());
    expect(countTensors()).toBe(before);
    const seeded = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 5, numClasses: 2, seed: 11 });
    const fromSeed = await buildTrainingPackage(input({ trainedHead: seeded }));
    const weights = (files: typeof untrained) => new Uint8Array(files.find((f) => f.name === 'model/weights.bin')!.content as ArrayBuffer);
    expect(weights(untrained)).toEqual(weights(fromSeed));
    const manifest = JSON.parse(text(fromSeed, 'dataset.json')) as TrainingPackageManifest;
    expect(manifest.model.headTrained).toBe(true);
    const metadata = JSON.parse(text(fromSeed, 'model/metadata.json')) as { labels: string[] };
    expect(metadata.labels).toEqual(['red cat', 'Hund/Katze']);
    disposeModelFully(seeded);
  });

  it('refuses a photo of a class that does not exist and a head with the wrong number of outputs', async () => {
    await expect(buildTrainingPackage(input({ photos: [{ classIndex: 2, name: 'x.png', bytes: new Uint8Array(1) }] }))).rejects.toThrow(
      'Photo 0 ("x.png") has class 2, but there are 2 classes.',
    );
    const three = createHead({ inputSize: trunk.embeddingSize, hiddenUnits: 5, numClasses: 3, seed: 1 });
    await expect(buildTrainingPackage(input({ trainedHead: three }))).rejects.toThrow('outputs 3 classes but the project has 2');
    disposeModelFully(three);
  });

  it('makes names safe for every file system', () => {
    expect(safeName('../../etc/passwd', 'x')).toBe('etc_passwd');
    expect(safeName('가위', 'class')).toBe('class');
    expect(safeName('Café au lait.jpg', 'x')).toBe('Cafe_au_lait.jpg');
  });
});
