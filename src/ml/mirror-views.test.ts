import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedBatch } from './embed';
import { embedBatchWithMirrors, mirrorViewKey } from './mirror-views';
import { createRng } from './rng';
import { buildTinyMobileNetV2, TINY_MOBILENET_SIZE } from './testing/tiny-mobilenet';
import { cutTrunk, type Trunk } from './trunk';

let trunk: Trunk;
beforeAll(async () => {
  await tf.setBackend('cpu');
  trunk = cutTrunk(buildTinyMobileNetV2(), 'tiny-v2');
});

/** [n, S, S, 3] random values in [-1, 1], from a seed: photos that are not symmetric. */
function randomBatch(count: number, seed: number): tf.Tensor4D {
  const rng = createRng(seed);
  const size = TINY_MOBILENET_SIZE;
  return tf.tensor4d(
    Float32Array.from({ length: count * size * size * 3 }, () => rng() * 2 - 1),
    [count, size, size, 3],
  );
}

/** The same batch with every row of pixels read right to left, built value by value (not with tf.reverse). */
function mirroredByHand(batch: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = batch.shape;
  const values = batch.dataSync();
  const out = new Float32Array(values.length);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((i * h + y) * w + (w - 1 - x)) * c + k] = values[((i * h + y) * w + x) * c + k];
  return tf.tensor4d(out, batch.shape);
}

describe('embedBatchWithMirrors', () => {
  it('gives each photo its own embedding and the embedding of its mirror image', async () => {
    const batch = randomBatch(3, 7);
    const mirrored = mirroredByHand(batch);
    const { embeddings, mirrors } = await embedBatchWithMirrors(trunk, batch);
    const plain = await embedBatch(trunk, batch);
    const ofMirrors = await embedBatch(trunk, mirrored);
    expect(embeddings).toHaveLength(3);
    expect(mirrors).toHaveLength(3);
    embeddings.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(plain[i]).map((v) => expect.closeTo(v, 5))));
    mirrors.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(ofMirrors[i]).map((v) => expect.closeTo(v, 5))));
    // The trunk is not mirror-symmetric, so a mirror view is a different example, not a copy.
    const gap = Math.max(...Array.from(mirrors[0]).map((v, j) => Math.abs(v - embeddings[0][j])));
    expect(gap).toBeGreaterThan(1e-3);
    batch.dispose();
    mirrored.dispose();
  });

  it('leaves no tensor behind and keeps the caller batch', async () => {
    const batch = randomBatch(2, 3);
    const before = tf.memory().numTensors;
    await embedBatchWithMirrors(trunk, batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(batch.isDisposed).toBe(false);
    batch.dispose();
  });
});

describe('mirrorViewKey', () => {
  it('files mirror views apart from the photos, under a key that still starts with the trunk key', () => {
    const key = 'mobilenet_v2_0.35_224#sha256:abc';
    expect(mirrorViewKey(key)).not.toBe(key);
    expect(mirrorViewKey(key).startsWith(key)).toBe(true);
  });
});
