import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedPixels } from './embed';
import { buildExportModel, serializeModel } from './export-model';
import { createHead } from './head';
import { countTensors, disposeModelFully } from './memory';
import { preprocessPixels } from './preprocess';
import { createRng } from './rng';
import { hasModelDir, modelDirHandler, modelsDir } from './testing/model-dir';
import { randomImage } from './testing/pixels';
import { disposeTrunk, loadTrunk, type Trunk, type TrunkLayout } from './trunk';

/**
 * The real pretrained trunks from the local mirror ($MODELS_DIR or ../shared/models). Skipped
 * where the mirror is absent; the tiny generated models cover the same code paths elsewhere.
 */

const MODELS_DIR = modelsDir();
const TM_EXPORT = 'teachable-machine-exports/ssuyeoncho';
const EXPECTED: { folder: string; layout: TrunkLayout; embeddingSize: number }[] = [
  { folder: 'mobilenet_v1_0.25_224', layout: 'v1-classifier', embeddingSize: 256 },
  { folder: 'mobilenet_v2_0.35_224_no_top', layout: 'v2-no-top', embeddingSize: 1280 },
  { folder: 'mobilenet_v2_0.35_224', layout: 'sequential-trunk', embeddingSize: 1280 },
  { folder: TM_EXPORT, layout: 'sequential-trunk', embeddingSize: 1280 },
];
const available = EXPECTED.every(({ folder }) => hasModelDir(path.join(MODELS_DIR, folder)));

describe.skipIf(!available)('real trunks from the model mirror', () => {
  const trunks = new Map<string, Trunk>();
  const image = randomImage(260, 224, createRng(99));

  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const { folder } of EXPECTED) {
      trunks.set(folder, await loadTrunk(modelDirHandler(path.join(MODELS_DIR, folder)), folder));
    }
  }, 60_000);

  afterAll(() => {
    for (const trunk of trunks.values()) disposeTrunk(trunk);
  });

  function trunk(folder: string): Trunk {
    const found = trunks.get(folder);
    if (!found) throw new Error(`${folder} not loaded`);
    return found;
  }

  it('recognises each layout and its embedding size', async () => {
    for (const { folder, layout, embeddingSize } of EXPECTED) {
      const loaded = trunk(folder);
      expect({ folder, layout: loaded.layout, embeddingSize: loaded.embeddingSize, imageSize: loaded.imageSize }).toEqual({
        folder,
        layout,
        embeddingSize,
        imageSize: 224,
      });
      expect(loaded.model.trainableWeights).toHaveLength(0);
      const [embedding] = await embedPixels(loaded, [image]);
      expect(embedding).toHaveLength(embeddingSize);
      expect(embedding.every(Number.isFinite)).toBe(true);
    }
  });

  it('gives the same V2 embedding from the no_top and the Sequential layouts', async () => {
    const [noTop] = await embedPixels(trunk('mobilenet_v2_0.35_224_no_top'), [image]);
    const [sequential] = await embedPixels(trunk('mobilenet_v2_0.35_224'), [image]);
    const largest = noTop.reduce((max, value, i) => Math.max(max, Math.abs(value - sequential[i])), 0);
    expect(largest).toBeLessThan(1e-4);
    expect(noTop.some((value) => value !== 0)).toBe(true);
  });

  it('exports a Teachable Machine trunk with a new head that reloads with the same predictions', async () => {
    const tmTrunk = trunk(TM_EXPORT);
    const head = createHead({ inputSize: tmTrunk.embeddingSize, hiddenUnits: 10, numClasses: 3, seed: 1 });
    const before = countTensors();
    const artifacts = await serializeModel(buildExportModel(tmTrunk, head));
    const json = JSON.parse(artifacts.modelJson);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const reloaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: artifacts.weightData,
      }),
    );
    const batch = preprocessPixels([image]);
    const [direct, viaExport] = await Promise.all(
      [tf.tidy(() => head.predict(tmTrunk.model.predict(batch) as tf.Tensor) as tf.Tensor), reloaded.predict(batch) as tf.Tensor].map(
        async (output) => {
          const values = await output.data();
          output.dispose();
          return values;
        },
      ),
    );
    batch.dispose();
    direct.forEach((value, i) => expect(value).toBeCloseTo(viaExport[i], 5));
    disposeModelFully(reloaded);
    expect(countTensors()).toBe(before);
    head.dispose();
  });
});
