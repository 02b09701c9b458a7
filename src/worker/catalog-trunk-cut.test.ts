import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalog from '../ml/trunk-catalog.json';
import { embedPixels } from '../ml/embed';
import { createRng } from '../ml/rng';
import { hasModelDir, modelsDir } from '../ml/testing/model-dir';
import { randomImage } from '../ml/testing/pixels';
import {
  buildV1FullFixture,
  readModelFolder,
  renameLayer,
  V1_025_FOLDER,
  V1_B12_FOLDER,
  type ModelFolder,
} from '../ml/testing/v1-full-fixture';
import type { TrunkSource } from '../protocol';
import { trunkContentKey } from './trunk-content-key';
import { buildTrunk, readTrunkArtifacts } from './trunk-source';
import { MAX_TRUNK_DOWNLOAD_BYTES } from './trunk-url';

/**
 * The catalogue's MobileNet V1 α1.0 comes whole from its canonical URL (to reshape_2) or cut after
 * block 12 from the local mirror. Both are served here by a real local server: the mirror's folder
 * as it is, and the whole model rebuilt from it (ml/testing/v1-full-fixture.ts: the mirror's real
 * weights up to block 12, generated ones after). Loaded as the catalogue says, both must be the
 * same trunk.
 */

const MODELS_DIR = modelsDir();
const available = hasModelDir(path.join(MODELS_DIR, V1_B12_FOLDER)) && hasModelDir(path.join(MODELS_DIR, V1_025_FOLDER));
const ENTRY = catalog.trunks.find((t) => t.id === 'mobilenet_v1_1.0_224_b12')!;

describe('the catalogue entry for MobileNet V1 α1.0', () => {
  it('names its cut layer and a 1024-float embedding, and installs from the b12 mirror folder', () => {
    expect(ENTRY).toMatchObject({
      cutLayer: 'conv_pw_12_relu',
      embeddingSize: 1024,
      imageSize: 224,
      mirrorFolders: [V1_B12_FOLDER],
      canonicalUrl: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/model.json',
    });
    expect(ENTRY.name).toMatch(/MobileNet V1 α1\.0 \(slower/);
  });
});

describe.skipIf(!available)('MobileNet V1 α1.0 from its whole model and from the mirror (a real local server)', () => {
  let server: Server;
  let origin: string;
  const folders = new Map<string, ModelFolder>();
  const images = [randomImage(240, 224, createRng(3)), randomImage(224, 260, createRng(4))];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const full = buildV1FullFixture(MODELS_DIR);
    folders.set('/mirror', readModelFolder(path.join(MODELS_DIR, V1_B12_FOLDER)));
    folders.set('/canonical', full);
    folders.set('/renamed', renameLayer(full, 'conv_pw_12_relu', 'conv_pw_12_act'));
    server = createServer((request, response) => {
      const [, folder, file] = /^(\/[a-z]+)\/(.+)$/.exec(request.url ?? '') ?? [];
      const served = folders.get(folder);
      const body = !served ? undefined : file === 'model.json' ? Buffer.from(JSON.stringify(served.modelJson)) : served.files.get(file);
      response.writeHead(body ? 200 : 404);
      response.end(body);
    });
    // Embedding takes seconds here: longer than Node's 5 s keep-alive, after which a reused socket can fail.
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const cut = { layer: ENTRY.cutLayer!, trunkName: ENTRY.name };
  const read = (source: TrunkSource) => readTrunkArtifacts(source, () => {}, { appOrigin: origin, maxBytes: MAX_TRUNK_DOWNLOAD_BYTES });
  const source = (folder: string, withCut = true): TrunkSource => ({
    kind: 'url',
    id: ENTRY.id,
    url: `${origin}${folder}/model.json`,
    ...(withCut ? { cut } : {}),
  });

  async function embeddings(artifacts: tf.io.ModelArtifacts, count = images.length): Promise<Float32Array[]> {
    const { trunk, dispose } = await buildTrunk(artifacts, ENTRY.id);
    try {
      expect(trunk.embeddingSize).toBe(1024);
      return await embedPixels(trunk, images.slice(0, count));
    } finally {
      dispose();
    }
  }

  const byteLength = (artifacts: tf.io.ModelArtifacts) => [artifacts.weightData ?? []].flat().reduce((sum, b) => sum + b.byteLength, 0);

  const largestDifference = (a: Float32Array[], b: Float32Array[]) =>
    a.reduce((max, row, i) => row.reduce((m, v, j) => Math.max(m, Math.abs(v - b[i][j])), max), 0);

  it('the whole model is the full V1 α1.0 (to reshape_2, 1000 classes, 17.0 MB); the mirror ends after block 12', async () => {
    const whole = await read(source('/canonical', false));
    // Keras counts 4,253,864 parameters in MobileNet α1.0 (BatchNorm statistics included): 17.0 MB of float32.
    expect(byteLength(whole)).toBe(4_253_864 * 4);
    const wholeModel = await tf.loadLayersModel(tf.io.fromMemory(whole));
    expect(wholeModel.outputs[0].shape).toEqual([null, 1000]);
    expect(wholeModel.layers.at(-1)?.name).toBe('reshape_2');
    wholeModel.dispose();
    const mirrorModel = await tf.loadLayersModel(tf.io.fromMemory(await read(source('/mirror', false))));
    expect(mirrorModel.outputs[0].shape).toEqual([null, 1024]);
    expect(mirrorModel.layers.at(-2)?.name).toBe('conv_pw_12_relu');
    mirrorModel.dispose();
  });

  it('cuts both to the same artifacts, so both get the same embedding cache key', async () => {
    const fromCanonical = await read(source('/canonical'));
    const fromMirror = await read(source('/mirror'));
    expect(JSON.stringify(fromCanonical.modelTopology)).toBe(JSON.stringify(fromMirror.modelTopology));
    expect(fromCanonical.weightSpecs).toEqual(fromMirror.weightSpecs);
    // Only Google's weights up to block 12 are left: 8.65 MB, none of the generated ones.
    expect(byteLength(fromMirror)).toBe(8_651_520);
    expect(byteLength(fromCanonical)).toBe(8_651_520);
    expect(await trunkContentKey(fromCanonical, ENTRY.id)).toBe(await trunkContentKey(fromMirror, ENTRY.id));
  });

  it('gives the same embeddings from both (within 1e-5), and other ones without the cut', async () => {
    const fromCanonical = await embeddings(await read(source('/canonical')));
    const fromMirror = await embeddings(await read(source('/mirror')));
    expect(fromMirror.every((row) => row.some((v) => v !== 0))).toBe(true);
    expect(largestDifference(fromCanonical, fromMirror)).toBeLessThan(1e-5);
    // The whole model's usual V1 cut pools after block 13 instead: not the same trunk.
    // (One image is enough to tell; each V1 α1.0 pass takes seconds on the pure-JS backend.)
    const uncut = await embeddings(await read(source('/canonical', false)), 1);
    expect(largestDifference(uncut, fromMirror.slice(0, 1))).toBeGreaterThan(1e-2);
  }, 120_000);

  it('refuses a model.json without the cut layer, naming the layer and the trunk', async () => {
    await expect(read(source('/renamed'))).rejects.toThrow(
      `This model has no layer named "conv_pw_12_relu". "${ENTRY.name}" takes its image features from that layer, so this file is not that trunk (its last layer is "reshape_2").`,
    );
  });
});
