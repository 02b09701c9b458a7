import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedPixels } from './embed';
import { createHead } from './head';
import { countTensors } from './memory';
import { predictEmbeddings, predictPixels } from './predict';
import { createRng } from './rng';
import { randomImage } from './testing/pixels';
import { TINY_V2_EMBEDDING_SIZE, buildV2NoTopStyleModel } from './testing/tiny-models';
import { cutTrunk, disposeTrunk, type Trunk } from './trunk';

let trunk: Trunk;
let head: tf.Sequential;

beforeAll(async () => {
  await tf.setBackend('cpu');
  trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny-v2');
  head = createHead({ inputSize: TINY_V2_EMBEDDING_SIZE, hiddenUnits: 8, numClasses: 3, seed: 3 });
});

afterAll(() => {
  head.dispose();
  disposeTrunk(trunk);
});

const rng = createRng(5);
const images = Array.from({ length: 20 }, () => randomImage(24, 20, rng));

describe('predictEmbeddings', () => {
  it('returns one probability row per embedding, matching the head', async () => {
    const embeddings = Array.from({ length: 4 }, (_, i) => Float32Array.from({ length: TINY_V2_EMBEDDING_SIZE }, (_, j) => i - j));
    const before = countTensors();
    const rows = await predictEmbeddings(head, embeddings);
    expect(countTensors()).toBe(before);
    expect(rows).toHaveLength(4);
    rows.forEach((row) => {
      expect(row).toHaveLength(3);
      expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
    });
    const input = tf.tensor2d([...embeddings.flatMap((row) => Array.from(row))], [4, TINY_V2_EMBEDDING_SIZE]);
    const expected = head.predict(input) as tf.Tensor;
    const reference = await expected.data();
    tf.dispose([input, expected]);
    rows.flatMap((row) => Array.from(row)).forEach((value, i) => expect(value).toBeCloseTo(reference[i], 6));
  });

  it('returns nothing for no embeddings', async () => {
    expect(await predictEmbeddings(head, [])).toEqual([]);
  });
});

describe('predictPixels', () => {
  it('equals embedding then predicting, across batch boundaries, without leaks', async () => {
    const before = countTensors();
    const rows = await predictPixels(trunk, head, images);
    expect(countTensors()).toBe(before);
    const reference = await predictEmbeddings(head, await embedPixels(trunk, images));
    expect(rows).toHaveLength(images.length);
    rows.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(reference[i][j], 5)));
  });
});
