import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasModelDir, modelsDir } from '../src/ml/testing/model-dir';
import { buildV1FullFixture, V1_025_FOLDER, V1_B12_FOLDER } from '../src/ml/testing/v1-full-fixture';
import { installedTrunkHandler } from './training-package/from-folder';

const MODELS_DIR = modelsDir();
const available = hasModelDir(path.join(MODELS_DIR, V1_B12_FOLDER)) && hasModelDir(path.join(MODELS_DIR, V1_025_FOLDER));

describe.skipIf(!available)('the training package CLI on MobileNet V1 α1.0 installed from its canonical URL', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'v1-full-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cuts the whole model where the catalogue says (after block 12), as the app does', async () => {
    // What `npm run models` puts in public/models/<id> with no mirror: the whole model (a test-time stand-in).
    const full = buildV1FullFixture(MODELS_DIR);
    const installed = path.join(dir, V1_B12_FOLDER);
    mkdirSync(installed);
    writeFileSync(path.join(installed, 'model.json'), JSON.stringify(full.modelJson));
    for (const [name, bytes] of full.files) writeFileSync(path.join(installed, name), bytes);

    const model = await tf.loadLayersModel(installedTrunkHandler(dir, V1_B12_FOLDER));
    try {
      expect(model.layers.slice(-2).map((l) => l.name)).toEqual(['conv_pw_12_relu', 'conv_pw_12_relu_avg_pool']);
      expect(model.outputs[0].shape).toEqual([null, 1024]);
      expect(model.layers.some((l) => l.name === 'conv_pw_13')).toBe(false);
    } finally {
      model.dispose();
    }
  });
});
