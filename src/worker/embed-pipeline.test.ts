import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedBatch } from '../ml/embed';
import { countTensors } from '../ml/memory';
import { preprocessPixels } from '../ml/preprocess';
import { createRng } from '../ml/rng';
import { randomImage } from '../ml/testing/pixels';
import { TINY_MOBILENET_SIZE, buildTinyMobileNetV2 } from '../ml/testing/tiny-mobilenet';
import { rawPixelVector } from '../ml/raw-pixels';
import { preprocessedValues } from '../portable/preprocess-pixels.js';
import { cutTrunk, disposeTrunk, type Trunk } from '../ml/trunk';
import type { BatchDecoder } from './decode-protocol';
import { embedImageBytes, inThreadDecoder } from './embed-pipeline';
import type { ImageBytes } from './protocol';

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
    expect('embedding' in fourth && Array.from(fourth.embedding).map((v) => v.toFixed(5))).toEqual(Array.from(reference).map((v) => v.toFixed(5)));
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
