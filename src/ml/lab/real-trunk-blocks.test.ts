import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModelFully } from '../memory';
import { hasModelDir, modelDirHandler, modelsDir } from '../testing/model-dir';
import { cutTrunk } from '../trunk';
import { buildBoundaryEncoder } from './boundary-encoder';
import { findBlockMap } from './mobilenet-blocks';

/**
 * The real trunks from the model mirror: their block boundaries exist, and the frozen bottom
 * followed by the frozen top (the lab's one pass that fills both caches) gives the trunk's own
 * embedding. Skipped where the mirror is absent.
 */

const CASES = [
  { folder: 'mobilenet_v2_0.35_224', family: 'mobilenet-v2', units: 19, first: ['Conv_1', 'block 16', 'block 15'] },
  { folder: 'mobilenet_v1_0.25_224', family: 'mobilenet-v1', units: 14, first: ['block 13', 'block 12', 'block 11'] },
];

describe.each(CASES)('the blocks of $folder', ({ folder, family, units, first }) => {
  const dir = path.join(modelsDir(), folder);
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.skipIf(!hasModelDir(dir))(
    'are found, and bottom + top reproduce the trunk embedding',
    async () => {
      const source = await tf.loadLayersModel(modelDirHandler(dir));
      const copy = await tf.loadLayersModel(modelDirHandler(dir));
      const trunk = cutTrunk(source, folder);
      const map = findBlockMap(copy)!;
      expect(map.family).toBe(family);
      expect(map.unitNames).toHaveLength(units);
      expect(map.unitNames.slice(0, 3)).toEqual(first);
      expect(map.boundariesFromTop.at(-1)).toBeNull();
      const image = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 3);
      const expected = await (trunk.model.predict(image) as tf.Tensor).data();
      for (const k of [1, 3]) {
        const encoder = buildBoundaryEncoder(map, k);
        const activations = encoder.bottom!.predict(image) as tf.Tensor;
        const embedding = await (encoder.toEmbedding.predict(activations) as tf.Tensor).data();
        expect(embedding.length).toBe(expected.length);
        embedding.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
      }
      disposeModelFully(source);
      disposeModelFully(copy);
    },
    120_000,
  );
});
