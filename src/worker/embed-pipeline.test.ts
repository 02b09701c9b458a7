import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedBatch } from '../ml/embed';
import { stackWithMirrors } from '../ml/mirror-stack';
import { countTensors } from '../ml/memory';
import { preprocessPixels } from '../ml/preprocess';
import { createRng } from '../ml/rng';
import { randomImage } from '../ml/testing/pixels';
import { TINY_MOBILENET_SIZE, buildTinyMobileNetV2 } from '../ml/testing/tiny-mobilenet';
import { rawPixelVector } from '../ml/raw-pixels';
import { preprocessedValues } from '../portable/preprocess-pixels.js';
import { cutTrunk, disposeTrunk, type Trunk } from '../ml/trunk';
import type { BatchDecoder } from './decode-protocol';
import type { SecondEmbedder } from './decode-worker-client';
import { embedImageBytes, inThreadDecoder } from './embed-pipeline';
import type { ImageBytes } from '../protocol';

let trunk: Trunk;
beforeAll(async () => {
  await tf.setBackend('cpu');
  trunk = cutTrunk(buildTinyMobileNetV2(), 'tiny-v2-pipeline');
});
afterAll(() => disposeTrunk(trunk));

const rng = createRng(4);
const pixels = Array.from({ length: 7 }, (_, i) => randomImage(TINY_MOBILENET_SIZE + i, TINY_MOBILENET_SIZE, rng));
const images: ImageBytes[] = pixels.map((_, i) => ({ id: `img-${i}`, bytes: new ArrayBuffer(8), type: 'image/png' }));

/** Decodes by id from `pixels`; images 2 and 5 are unreadable. Records the order of events. */
function fakeDecoder(events: string[]): BatchDecoder {
  return {
    async decode(batch, size) {
      events.push(`decode ${batch.map((b) => b.id).join(',')}`);
      const readable = batch.filter((b) => !['img-2', 'img-5'].includes(b.id));
      const images = readable.map((b) => pixels[Number(b.id.slice(4))]);
      const values = preprocessedValues(images, size);
      const failures = batch.filter((b) => !readable.includes(b)).map((b) => ({ id: b.id, error: `${b.id} is corrupt` }));
      return { ids: readable.map((b) => b.id), failures, values, rawPixels: images.map((image) => rawPixelVector(image)) };
    },
  };
}

describe('embedImageBytes', () => {
  it('embeds readable images, reports unreadable ones, in input order, decoding the next batch before the current one is reported', async () => {
    const events: string[] = [];
    const before = countTensors();
    const results = await embedImageBytes(trunk, images, 3, async (done) => void events.push(`done ${done}`), fakeDecoder(events));
    expect(countTensors()).toBe(before);
    expect(results.map((r) => r.id)).toEqual(images.map((i) => i.id));
    expect(results.filter((r) => 'error' in r)).toEqual([
      { id: 'img-2', error: 'img-2 is corrupt' },
      { id: 'img-5', error: 'img-5 is corrupt' },
    ]);
    expect(events).toEqual(['decode img-0,img-1,img-2', 'decode img-3,img-4,img-5', 'done 3', 'decode img-6', 'done 6', 'done 7']);

    // Each embedding is the trunk's output for that image alone.
    const batch = preprocessPixels([pixels[4]], TINY_MOBILENET_SIZE);
    const [reference] = await embedBatch(trunk, batch);
    batch.dispose();
    const fourth = results[4];
    expect('embedding' in fourth && Array.from(fourth.embedding).map((v) => v.toFixed(5))).toEqual(
      Array.from(reference).map((v) => v.toFixed(5)),
    );
    expect('rawPixels' in fourth && Array.from(fourth.rawPixels)).toEqual(Array.from(rawPixelVector(pixels[4])));
  });

  it('reports every image of a batch nothing in which could be decoded (here: no createImageBitmap in Node)', async () => {
    const results = await embedImageBytes(trunk, images.slice(0, 2), 16, async () => undefined, inThreadDecoder);
    expect(results).toEqual([
      { id: 'img-0', error: expect.stringMatching(/cannot decode/) },
      { id: 'img-1', error: expect.stringMatching(/cannot decode/) },
    ]);
  });
});

describe('embedImageBytes with a second embedder', () => {
  /** Embeds with the same trunk (as the decode worker's copy would); fails on the batch starting with `failOn`. */
  function fakeSecond(claimed: string[], failOn: string | null, ready: Promise<void> = Promise.resolve()): SecondEmbedder {
    return {
      ready,
      async embed(batch, mirrors) {
        claimed.push(batch[0].id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (batch[0].id === failOn) throw new Error('the decode worker stopped');
        const decoded = await fakeDecoder([]).decode(batch, TINY_MOBILENET_SIZE);
        const photos = tf.tensor4d(decoded.values, [decoded.ids.length, TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 3]);
        const input = mirrors ? stackWithMirrors(photos) : photos;
        const rows = await embedBatch(trunk, input);
        photos.dispose();
        input.dispose();
        const pack = (part: Float32Array[]) => {
          const packed = new Float32Array(part.reduce((n, r) => n + r.length, 0));
          part.forEach((row, i) => packed.set(row, i * row.length));
          return packed;
        };
        const count = decoded.ids.length;
        return {
          ids: decoded.ids,
          failures: decoded.failures,
          embeddings: pack(rows.slice(0, count)),
          mirrors: mirrors ? pack(rows.slice(count)) : new Float32Array(0),
          rawPixels: decoded.rawPixels,
        };
      },
    };
  }

  it('shares the batches, and returns the same outcomes in input order as embedding alone', async () => {
    const alone = await embedImageBytes(trunk, images, 2, async () => undefined, fakeDecoder([]));
    const claimed: string[] = [];
    const progress: number[] = [];
    const shared = await embedImageBytes(
      trunk,
      images,
      2,
      async (done) => void progress.push(done),
      fakeDecoder([]),
      fakeSecond(claimed, null),
    );
    expect(claimed.length).toBeGreaterThan(0);
    expect(claimed.length).toBeLessThan(4);
    expect(shared.map((r) => r.id)).toEqual(alone.map((r) => r.id));
    shared.forEach((result, i) => {
      const reference = alone[i];
      if ('error' in reference) expect(result).toEqual(reference);
      else if ('embedding' in result) {
        Array.from(result.embedding).forEach((v, k) => expect(v).toBeCloseTo(reference.embedding[k], 5));
        expect(Array.from(result.rawPixels)).toEqual(Array.from(reference.rawPixels));
      } else throw new Error(`${result.id} was not embedded`);
    });
    expect(progress.at(-1)).toBe(images.length);
  });

  it('embeds here the batch the second embedder failed on, and everything when it never becomes ready', async () => {
    const claimed: string[] = [];
    const results = await embedImageBytes(trunk, images, 2, async () => undefined, fakeDecoder([]), fakeSecond(claimed, 'img-2'));
    expect(results.filter((r) => 'embedding' in r).map((r) => r.id)).toEqual(['img-0', 'img-1', 'img-3', 'img-4', 'img-6']);

    const never = Promise.reject(new Error('no wasm there'));
    never.catch(() => undefined);
    const unused: string[] = [];
    const alone = await embedImageBytes(trunk, images, 2, async () => undefined, fakeDecoder([]), fakeSecond(unused, null, never));
    expect(unused).toEqual([]);
    expect(alone.filter((r) => 'embedding' in r)).toHaveLength(5);
  });

  it('embeds the mirror view of each image when asked, the same here and in the second embedder', async () => {
    const alone = await embedImageBytes(trunk, images, 2, async () => undefined, fakeDecoder([]), null, true);
    const shared = await embedImageBytes(trunk, images, 2, async () => undefined, fakeDecoder([]), fakeSecond([], null), true);
    const plain = await embedImageBytes(trunk, images, 2, async () => undefined, fakeDecoder([]));
    // The mirror of image 4, flipped by hand from its pixels, through the trunk alone.
    const image = pixels[4];
    const flipped = { ...image, data: new Uint8ClampedArray(image.data.length) };
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++)
        for (let k = 0; k < 4; k++)
          flipped.data[(y * image.width + (image.width - 1 - x)) * 4 + k] = image.data[(y * image.width + x) * 4 + k];
    const batch = preprocessPixels([flipped], TINY_MOBILENET_SIZE);
    const [reference] = await embedBatch(trunk, batch);
    batch.dispose();
    for (const results of [alone, shared]) {
      const fourth = results[4];
      if (!('mirror' in fourth) || !fourth.mirror) throw new Error('image 4 has no mirror view');
      Array.from(fourth.mirror).forEach((v, k) => expect(v).toBeCloseTo(reference[k], 4));
    }
    const withoutMirror = plain[4];
    expect('mirror' in withoutMirror && withoutMirror.mirror).toBeNull();
  });
});
