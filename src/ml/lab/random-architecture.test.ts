import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasModelDir, modelsDir } from '../testing/model-dir';
import { buildRandomWeightsTrunk, findFeatureGraphConfig, RANDOM_WEIGHTS_BN_MOMENTUM } from './random-architecture';
import { buildTinyMobileNetV2, TINY_MOBILENET_FEATURES } from './testing/tiny-mobilenet';

function topologyOf(model: tf.LayersModel): unknown {
  return JSON.parse(JSON.stringify(model.toJSON(null, false)));
}

async function kernel(model: tf.LayersModel, layer: string): Promise<number[]> {
  return Array.from(await model.getLayer(layer).getWeights()[0].data());
}

describe('the architecture with random weights', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('rebuilds the graph at a smaller input with fresh seeded weights', async () => {
    const pretrained = buildTinyMobileNetV2(1);
    const topology = topologyOf(pretrained);
    const a = await buildRandomWeightsTrunk(topology, 32, 5);
    const b = await buildRandomWeightsTrunk(topology, 32, 5);
    const c = await buildRandomWeightsTrunk(topology, 32, 6);
    expect(a.inputs[0].shape).toEqual([null, 32, 32, 3]);
    expect(a.outputs[0].shape).toEqual([null, 8, 8, TINY_MOBILENET_FEATURES]);
    expect(a.layers.map((l) => l.name).sort()).toEqual(pretrained.layers.map((l) => l.name).sort());
    expect(await kernel(a, 'block_2_project')).toEqual(await kernel(b, 'block_2_project'));
    expect(await kernel(a, 'block_2_project')).not.toEqual(await kernel(c, 'block_2_project'));
    expect(await kernel(a, 'block_2_project')).not.toEqual(await kernel(pretrained, 'block_2_project'));
    expect((a.getLayer('block_2_project_BN').getConfig() as { momentum: number }).momentum).toBe(RANDOM_WEIGHTS_BN_MOMENTUM);
    [pretrained, a, b, c].forEach((m) => m.dispose());
  });

  it('refuses sizes MobileNet cannot halve five times and models without MobileNet layers', async () => {
    const topology = topologyOf(buildTinyMobileNetV2(1));
    await expect(buildRandomWeightsTrunk(topology, 40, 1)).rejects.toThrow(/multiple of 32/);
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
    await expect(buildRandomWeightsTrunk(topologyOf(other), 32, 1)).rejects.toThrow(/no MobileNet/);
  });

  const models = modelsDir();
  const v1 = path.join(models, 'mobilenet_v1_0.25_224');
  const v2 = path.join(models, 'mobilenet_v2_0.35_224');
  it.skipIf(!hasModelDir(v1) || !hasModelDir(v2))("finds the graph in the real trunks and drops V1's classifier", async () => {
    const read = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')).modelTopology;
    expect(findFeatureGraphConfig(read(v2))?.featureLayer).toBe('out_relu');
    const model = await buildRandomWeightsTrunk(read(v1), 64, 1);
    expect(model.outputs[0].shape).toEqual([null, 2, 2, 256]);
    expect(model.layers.some((l) => l.name === 'conv_preds')).toBe(false);
    model.dispose();
  });
});
