import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './content-hash';
import { imagePathInZip, packProjectFile, ProjectFileError, readProjectEntries } from './project-file';
import { PROJECT_FILE_FORMAT, PROJECT_SCHEMA_VERSION, readProjectManifest, type ProjectManifest } from './project-manifest';
import type { RunRecord } from './project-schema';

const SETTINGS = {
  epochs: 20,
  batchSize: 16,
  learningRate: 0.001,
  hiddenUnits: 100,
  seed: 42,
  valFraction: 0.15,
  testFraction: 0.15,
  mirrorViews: false,
  finalFit: true,
};

const RUN: RunRecord = {
  runId: 'run-1',
  status: 'done',
  startedAt: '2025-01-01T00:00:00.000Z',
  labels: ['개미 🐜', '<img src=x onerror=alert(1)>'],
  settings: SETTINGS,
  totalEpochs: 2,
  epochs: [
    { epoch: 1, loss: 0.9, accuracy: 0.5, valLoss: 0.8, valAccuracy: 0.5, elapsedMs: 10 },
    { epoch: 2, loss: 0.4, accuracy: 0.9, valLoss: null, valAccuracy: null, elapsedMs: 20 },
  ],
  outcome: { stoppedEarly: false, trainCount: 4, valCount: 0, testCount: 0, trainMs: 20, msPerEpoch: 10 },
  message: null,
};

async function sampleProject() {
  const images = new Map<string, Uint8Array>([
    ['img-a', new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3])],
    ['img-b', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9])],
  ]);
  const manifest: ProjectManifest = {
    format: PROJECT_FILE_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    savedAt: '2025-01-02T00:00:00.000Z',
    app: { name: 'Transfer Lab', version: '0.1.0' },
    project: { name: 'Insects 곤충' },
    classes: [
      {
        label: '개미 🐜',
        images: [
          {
            id: 'img-a',
            file: imagePathInZip(0, 'img-a', 'image/jpeg'),
            name: 'ant.jpg',
            type: 'image/jpeg',
            sha256: await sha256Hex(images.get('img-a')!),
            width: 4,
            height: 3,
          },
        ],
      },
      {
        label: '<img src=x onerror=alert(1)>',
        images: [
          {
            id: 'img-b',
            file: imagePathInZip(1, 'img-b', 'image/png'),
            name: 'bee.png',
            type: 'image/png',
            sha256: await sha256Hex(images.get('img-b')!),
            width: 2,
            height: 2,
          },
        ],
      },
    ],
    settings: SETTINGS,
    runs: [RUN],
    embeddings: [
      { trunkId: 'local:model.json#sha256:' + '0'.repeat(64), dimension: 3, file: 'embeddings/1.f32', imageIds: ['img-a', 'img-b'] },
    ],
  };
  const embeddings = [
    {
      trunkId: 'local:model.json#sha256:' + '0'.repeat(64),
      dimension: 3,
      imageIds: ['img-a', 'img-b'],
      vectors: Float32Array.from([0.1, -2, 3.5, 1e-7, 0, 42]),
    },
  ];
  return { manifest, images, embeddings };
}

describe('project file', () => {
  it('round-trips manifest, image bytes and embeddings losslessly', async () => {
    const project = await sampleProject();
    const zip = packProjectFile(project);
    const read = await readProjectEntries(unzipSync(zip));
    expect(read.manifest).toEqual(project.manifest);
    expect([...read.images.entries()]).toEqual([...project.images.entries()]);
    expect(read.embeddings).toEqual(project.embeddings);
    // And again: packing what was read gives the same entries.
    expect(unzipSync(packProjectFile(read))).toEqual(unzipSync(zip));
  });

  it('says what is wrong with a foreign or broken file', async () => {
    const project = await sampleProject();
    const entries = unzipSync(packProjectFile(project));
    const error = (files: Record<string, Uint8Array>) =>
      readProjectEntries(files).then(
        () => 'opened',
        (e: unknown) => (e instanceof ProjectFileError ? e.message : `other: ${e}`),
      );

    expect(await error({ 'ants/a.jpg': new Uint8Array([1]) })).toMatch(/not a Transfer Lab project file: it has no manifest\.json/);
    expect(await error({ 'model.json': strToU8('{}'), 'metadata.json': strToU8('{}'), 'weights.bin': new Uint8Array(4) })).toMatch(
      /exported model/,
    );
    expect(await error({ ...entries, 'manifest.json': strToU8('{ "format": "transfer-lab-project", ') })).toMatch(/not valid JSON/);
    expect(await error({ ...entries, 'manifest.json': strToU8(JSON.stringify({ format: 'something-else' })) })).toMatch(
      /not a Transfer Lab project/,
    );
    expect(await error({ ...entries, 'manifest.json': strToU8(JSON.stringify({ ...project.manifest, schemaVersion: 99 })) })).toMatch(
      /newer Transfer Lab \(project schema 99/,
    );

    const withoutImage = { ...entries };
    delete withoutImage[project.manifest.classes[0].images[0].file];
    expect(await error(withoutImage)).toMatch(/incomplete: images\/1\/img-a\.jpg \(image "ant\.jpg"\) is missing/);

    const tampered = { ...entries, [project.manifest.classes[1].images[0].file]: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 8]) };
    expect(await error(tampered)).toMatch(/does not match its checksum/);
  });
});

describe('project file embeddings: bad vectors are dropped, the photos kept', () => {
  const open = async (vectors: Float32Array | Uint8Array, change: (m: ProjectManifest) => void = () => {}) => {
    const project = await sampleProject();
    const entries = unzipSync(packProjectFile(project));
    const manifest = JSON.parse(JSON.stringify(project.manifest)) as ProjectManifest;
    change(manifest);
    const bytes = vectors instanceof Float32Array ? new Uint8Array(vectors.buffer) : vectors;
    return readProjectEntries({ ...entries, 'manifest.json': strToU8(JSON.stringify(manifest)), 'embeddings/1.f32': bytes });
  };

  it('drops a vector holding NaN or Infinity and keeps the rest', async () => {
    const content = await open(Float32Array.from([0.1, NaN, 3.5, 1e-7, 0, 42]));
    expect(content.images.size).toBe(2);
    expect(content.embeddings).toEqual([
      {
        trunkId: 'local:model.json#sha256:' + '0'.repeat(64),
        dimension: 3,
        imageIds: ['img-b'],
        vectors: Float32Array.from([1e-7, 0, 42]),
      },
    ]);
    expect(content.warnings).toEqual([
      'embeddings/1.f32: 1 of 2 vectors hold numbers that are not finite (NaN or Infinity); those images will be embedded again.',
    ]);
    const infinite = await open(Float32Array.from([Infinity, 0, 0, 0, -Infinity, 0]));
    expect(infinite.embeddings).toEqual([]);
    expect(infinite.images.size).toBe(2);
  });

  it("drops a set whose size does not fit, or whose dimension is not its known trunk's", async () => {
    const short = await open(new Uint8Array(5));
    expect(short.embeddings).toEqual([]);
    expect(short.images.size).toBe(2);
    expect(short.warnings).toEqual(['embeddings/1.f32: 5 bytes is not a whole number of vectors; those images will be embedded again.']);
    expect((await open(new Float32Array(4))).warnings).toEqual([
      'embeddings/1.f32: 16 bytes do not fit 2 vectors of 3 numbers; those images will be embedded again.',
    ]);

    // MobileNet V2 0.35 gives 1280 numbers per image: 2 numbers each is wrong, whatever the file says.
    const wrong = await open(Float32Array.from([1, 2, 3, 4]), (m) => {
      m.embeddings[0].dimension = 2;
      m.embeddings[0].trunkId = 'mobilenet_v2_0.35_224#sha256:' + 'a'.repeat(64);
    });
    expect(wrong.embeddings).toEqual([]);
    expect(wrong.warnings).toEqual([
      'embeddings/1.f32: vectors of 2 numbers, but the trunk "mobilenet_v2_0.35_224" gives 1280; those 2 images will be embedded again.',
    ]);
  });
});

describe('readProjectManifest', () => {
  const valid = async () => JSON.parse(JSON.stringify((await sampleProject()).manifest)) as Record<string, unknown> & ProjectManifest;
  const problem = (json: unknown) => {
    try {
      readProjectManifest(json);
      return 'valid';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('accepts a well-formed manifest and treats embeddings as optional', async () => {
    const manifest = await valid();
    expect(problem(manifest)).toBe('valid');
    delete (manifest as Partial<ProjectManifest>).embeddings;
    expect(readProjectManifest(manifest).embeddings).toEqual([]);
  });

  it('names the exact field that is wrong', async () => {
    const m = await valid();
    expect(problem(null)).toMatch(/not a Transfer Lab project/);
    expect(problem({ ...m, classes: [] })).toBe('classes must list at least one class');
    expect(problem({ ...m, classes: [{ ...m.classes[0], label: '   ' }] })).toBe('classes[0].label must not be empty');
    expect(problem({ ...m, classes: [m.classes[0], { ...m.classes[1], label: ' 개미 🐜 ' }] })).toBe(
      'classes has two classes called "개미 🐜"',
    );
    const badImage = { ...m.classes[0].images[0], type: 'image/heic' };
    expect(problem({ ...m, classes: [{ ...m.classes[0], images: [badImage] }] })).toBe(
      'classes[0].images[0].type "image/heic" is not an image type the app accepts',
    );
    const badHash = { ...m.classes[0].images[0], sha256: 'abc' };
    expect(problem({ ...m, classes: [{ ...m.classes[0], images: [badHash] }] })).toBe(
      'classes[0].images[0].sha256 must be 64 lowercase hex digits',
    );
    expect(problem({ ...m, classes: [m.classes[0], { ...m.classes[1], images: [m.classes[0].images[0]] }] })).toBe(
      'image id "img-a" appears twice',
    );
    expect(problem({ ...m, settings: { ...m.settings, epochs: 1e9 } })).toBe('settings.epochs must be between 1 and 500');
    expect(problem({ ...m, settings: { ...m.settings, learningRate: 'fast' } })).toBe('settings.learningRate must be a number');
    expect(problem({ ...m, runs: [{ ...m.runs[0], status: 'exploded' }] })).toMatch(/^runs\[0\]\.status must be one of/);
    expect(problem({ ...m, runs: [{ ...m.runs[0], epochs: [{ epoch: 1 }] }] })).toBe('runs[0].epochs[0].loss must be a number');
    expect(problem({ ...m, embeddings: [{ ...m.embeddings[0], imageIds: ['img-zzz'] }] })).toBe(
      'embeddings[0] refers to image "img-zzz", which the project does not have',
    );
    expect(problem({ ...m, project: {} })).toBe('project.name must be text');
  });

  it('rejects a zip that only looks like a project (fflate reads it, the manifest check does not)', async () => {
    const zip = zipSync({ 'manifest.json': strToU8(JSON.stringify({ name: 'my dataset', files: [] })) });
    await expect(readProjectEntries(unzipSync(zip))).rejects.toThrow(/does not say "format": "transfer-lab-project"/);
  });
});
