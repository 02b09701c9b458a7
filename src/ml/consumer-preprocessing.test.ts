import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareProbabilities } from './compare-predictions';
import { ml5Input, rescaleTo127, teachableMachineInput } from './consumer-preprocessing';
import { countTensors } from './memory';
import { preprocessPixels } from './preprocess';
import { createRng } from './rng';
import { imageFromPixel, randomImage } from './testing/pixels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function values(tensor: tf.Tensor): Promise<number[]> {
  const data = Array.from(await tensor.data());
  tensor.dispose();
  return data;
}

describe("other tools' preprocessing", () => {
  it('Teachable Machine: x / 127 - 1, so 127 is 0 and 255 is just above 1', async () => {
    const square = imageFromPixel(2, 2, (x) => (x === 0 ? [127, 0, 255, 255] : [254, 127, 0, 9]));
    expect(await values(teachableMachineInput(square))).toEqual(
      [0, -1, 255 / 127 - 1, 254 / 127 - 1, 0, -1, 0, -1, 255 / 127 - 1, 254 / 127 - 1, 0, -1].map((v) => Math.fround(v)),
    );
    expect(() => teachableMachineInput(randomImage(3, 2, createRng(1)))).toThrow(/expects a square/);
  });

  it('ml5: squashes the whole image (no crop) with corner-anchored bilinear sampling', async () => {
    // 4x2, left half black, right half white: a crop would keep only the middle; squashing keeps both.
    const image = imageFromPixel(4, 2, (x) => (x < 2 ? [0, 0, 0, 255] : [254, 254, 254, 255]));
    const result = await values(ml5Input(image, 2));
    expect(result.slice(0, 3)).toEqual([-1, -1, -1]);
    expect(result[3]).toBeCloseTo(1, 6);
  });

  it('rescaleTo127 equals preparing with / 127 instead of / 127.5', async () => {
    const image = randomImage(30, 20, createRng(5));
    const ours = preprocessPixels([image], 8);
    const rescaled = await values(rescaleTo127(ours));
    const direct = await values(tf.tidy(() => tf.sub(tf.div(tf.mul(tf.add(ours, 1), 127.5), 127), 1)));
    ours.dispose();
    rescaled.forEach((value, i) => expect(value).toBeCloseTo(direct[i], 5));
    const before = countTensors();
    ml5Input(image, 4).dispose();
    expect(countTensors()).toBe(before);
  });
});

describe('compareProbabilities', () => {
  it('gives the largest and mean absolute difference and the top-class agreement', () => {
    const result = compareProbabilities(
      [Float32Array.from([0.9, 0.1]), Float32Array.from([0.4, 0.6])],
      [Float32Array.from([0.8, 0.2]), Float32Array.from([0.6, 0.4])],
    );
    expect(result.imageCount).toBe(2);
    expect(result.maxAbsDifference).toBeCloseTo(0.2, 6);
    expect(result.meanAbsDifference).toBeCloseTo(0.15, 6);
    expect(result.sameTopClass).toBe(1);
    expect(() => compareProbabilities([[1]], [])).toThrow(/Cannot compare 1 predictions with 0/);
  });
});
