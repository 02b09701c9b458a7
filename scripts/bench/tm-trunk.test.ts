import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toNoTopLayout } from './tm-trunk';

const functional = (name: string, layers: string[]) => ({
  class_name: 'Model',
  config: {
    name,
    layers: [
      { class_name: 'InputLayer', name: 'input_1', config: {} },
      ...layers.map((n) => ({ class_name: 'Conv2D', name: n, config: { name: n } })),
    ],
  },
});

describe('toNoTopLayout', () => {
  it('promotes the nested no_top model of a Sequential[model, pooling] and keeps the weights manifest', () => {
    const json = {
      format: 'layers-model',
      modelTopology: {
        keras_version: '2.2.4',
        backend: 'tensorflow',
        class_name: 'Sequential',
        config: {
          name: 'seq',
          layers: [functional('model3', ['Conv1', 'out_relu']), { class_name: 'GlobalAveragePooling2D', config: { name: 'pool' } }],
        },
      },
      weightsManifest: [{ paths: ['trunk.bin'], weights: [] }],
    };
    const converted = toNoTopLayout(json);
    expect(converted.modelTopology).toEqual({
      keras_version: '2.2.4',
      backend: 'tensorflow',
      ...functional('model3', ['Conv1', 'out_relu']),
    });
    expect(converted.weightsManifest).toBe(json.weightsManifest);
    expect(converted.format).toBe('layers-model');
  });

  it('leaves a no_top model as it is and refuses a model without out_relu', () => {
    const noTop = { modelTopology: functional('m', ['out_relu']), weightsManifest: [] };
    expect(toNoTopLayout(noTop)).toBe(noTop);
    expect(() => toNoTopLayout({ modelTopology: functional('m', ['conv_pw_13_relu']), weightsManifest: [] })).toThrow(/out_relu/);
  });

  const installed = path.resolve('public/models/mobilenet_v2_0.35_224/model.json');
  it.skipIf(!existsSync(installed))('converts the installed V2 trunk: out_relu at the top, the same weight names', () => {
    const json = JSON.parse(readFileSync(installed, 'utf8'));
    const converted = toNoTopLayout(json) as unknown as {
      modelTopology: { config: { layers: { name: string }[] } };
      weightsManifest: unknown;
    };
    expect(converted.modelTopology.config.layers.some((layer) => layer.name === 'out_relu')).toBe(true);
    expect(converted.weightsManifest).toEqual(json.weightsManifest);
  });
});
