import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedBatch, embedPixels } from './embed';
import { countTensors } from './memory';
import { preprocessPixels } from './preprocess';
import { createRng } from './rng';
import { randomImage } from './testing/pixels';
import { TINY_IMAGE_SIZE, TINY_V2_EMBEDDING_SIZE, buildV2NoTopStyleModel } from './testing/tiny-models';
import { cutTrunk, disposeTrunk, type Trunk } from './trunk';

let trunk: Trunk;

beforeAll(async () => {
  await tf.setBackend('cpu');
  trunk = cutTrunk(buildV2NoTopStyleModel(), 'tiny-v2');
});

afterAll(() => disposeTrunk(trunk));

const rng = createRng(11);
const images = Array.from({ length: 5 }, (_, i) => randomImage(20 + i, 18, rng));

describe('embedBatch', () => {
  it('returns one row per image, read back and disposed', async () => {
    const batch = tf.randomUniform([3, TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const before = countTensors();
    const rows = await embedBatch(trunk, batch);
    expect(countTensors()).toBe(before);
    expect(rows).toHaveLength(3);
    rows.forEach((row) => {
      expect(row).toBeInstanceOf(Float32Array);
      expect(row).toHaveLength(TINY_V2_EMBEDDING_SIZE);
    });
    // Rows are separate copies, so each can be stored or transferred on its own.
    expect(rows[0].buffer).not.toBe(rows[1].buffer);
    expect(batch.isDisposed).toBe(false);
    batch.dispose();
  });
});

describe('embedPixels', () => {
  it('embeds in batches, reports progress and matches one big batch', async () => {
    const progress: [number, number][] = [];
    const before = countTensors();
    const rows = await embedPixels(trunk, images, 2, async (done, total) => {
      progress.push([done, total]);
    });
    expect(countTensors()).toBe(before);
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);

    const batch = preprocessPixels(images, TINY_IMAGE_SIZE);
    const reference = await embedBatch(trunk, batch);
    batch.dispose();
    expect(rows).toHaveLength(5);
    rows.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(reference[i][j], 5)));
  });

  it('returns nothing for no images and rejects a bad batch size', async () => {
    expect(await embedPixels(trunk, [])).toEqual([]);
    await expect(embedPixels(trunk, images, 0)).rejects.toThrow(/positive integer/);
  });

  it('leaves no tensors behind when preprocessing fails', async () => {
    const before = countTensors();
    const broken = { width: 4, height: 4, data: new Uint8Array(3) };
    await expect(embedPixels(trunk, [images[0], images[1], broken], 2)).rejects.toThrow(/RGBA bytes/);
    expect(countTensors()).toBe(before);
  });
});
