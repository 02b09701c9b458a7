import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingSets, trainWithFinalFit, type SplitRows } from './final-fit';
import { gaussianClusters } from './testing/clusters';
import type { TrainConfig } from './train-config';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: TrainConfig = { epochs: 8, batchSize: 8, learningRate: 0.01, hiddenUnits: 8, seed: 3 };

function rows(withMirrors: boolean): SplitRows {
  const photos = gaussianClusters({ classes: 2, perClass: 10, dimensions: 6, spread: 0.5, seed: 1 });
  // Mirror "embeddings" as a trunk would give them: near the photo's own.
  const mirrors = photos.embeddings.map((row) => row.map((v) => v + 0.01));
  return {
    embeddings: photos.embeddings,
    mirrors: withMirrors ? mirrors : null,
    labels: photos.labels,
    trainIndices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    valIndices: [16, 17, 18, 19],
  };
}

describe('trainingSets', () => {
  it('adds the mirror view of each training photo, never of a validation photo', () => {
    const split = rows(true);
    const sets = trainingSets(split, { mirrorViews: true, finalFit: false });
    expect(sets.train.labels).toHaveLength(32);
    expect(sets.train.embeddings[16]).toBe(split.mirrors![0]);
    expect(sets.train.labels.slice(16)).toEqual(sets.train.labels.slice(0, 16));
    expect(sets.val!.embeddings).toEqual([16, 17, 18, 19].map((i) => split.embeddings[i]));
    expect(sets.final).toBeNull();
  });

  it('plans the final fit on training and validation photos (and their mirrors)', () => {
    const split = rows(true);
    const sets = trainingSets(split, { mirrorViews: true, finalFit: true });
    expect(sets.final!.labels).toHaveLength(40);
    expect(sets.final!.embeddings).toContain(split.embeddings[19]);
    expect(sets.final!.embeddings).toContain(split.mirrors![19]);
    const plain = trainingSets(split, { mirrorViews: false, finalFit: true });
    expect(plain.train.labels).toHaveLength(16);
    expect(plain.final!.labels).toHaveLength(20);
  });

  it('has no final fit without validation photos, and refuses mirror views it was not given', () => {
    const split = { ...rows(false), trainIndices: Array.from({ length: 20 }, (_, i) => i), valIndices: [] };
    const sets = trainingSets(split, { mirrorViews: false, finalFit: true });
    expect(sets.val).toBeNull();
    expect(sets.final).toBeNull();
    expect(() => trainingSets(rows(false), { mirrorViews: true, finalFit: true })).toThrow(/no mirror embeddings/);
  });
});

describe('trainWithFinalFit', () => {
  it('trains the watched run with its validation curve, then a final head for as many epochs', async () => {
    const before = tf.memory().numTensors;
    const finalEpochs: number[] = [];
    let finalExamples = 0;
    const result = await trainWithFinalFit(trainingSets(rows(true), { mirrorViews: true, finalFit: true }), 2, config, {
      onFinalFitEpoch: ({ epoch, totalEpochs, examples }) => {
        finalEpochs.push(epoch);
        finalExamples = examples;
        expect(totalEpochs).toBe(8);
      },
    });
    expect(result.watched.epochs).toHaveLength(8);
    expect(result.watched.epochs.every((log) => log.valAccuracy !== null)).toBe(true);
    expect(finalExamples).toBe(40);
    expect(finalEpochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.final).toMatchObject({ epochs: 8, examples: 40 });
    expect(result.final!.head).not.toBe(result.watched.head);
    result.watched.head.dispose();
    result.final!.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns more from the validation photos: the final head fits them better than the watched one', async () => {
    // Validation photos of class 0 sit where the training photos of class 0 do not reach.
    const photos = gaussianClusters({ classes: 2, perClass: 12, dimensions: 4, spread: 0.3, seed: 5 });
    const shifted = photos.embeddings.map((row, i) => (i >= 20 && photos.labels[i] === 0 ? row.map((v) => v + 2) : row));
    const split: SplitRows = {
      embeddings: shifted,
      mirrors: null,
      labels: photos.labels,
      trainIndices: Array.from({ length: 20 }, (_, i) => i),
      valIndices: [20, 21, 22, 23],
    };
    const result = await trainWithFinalFit(trainingSets(split, { mirrorViews: false, finalFit: true }), 2, {
      ...config,
      epochs: 40,
      hiddenUnits: 16,
    });
    const loss = (head: tf.Sequential) =>
      tf.tidy(() => {
        const x = tf.tensor2d(split.valIndices.map((i) => Array.from(shifted[i])));
        const y = tf.oneHot(
          split.valIndices.map((i) => photos.labels[i]),
          2,
        );
        return tf.losses.softmaxCrossEntropy(y, tf.log(head.predict(x) as tf.Tensor)).dataSync()[0];
      });
    expect(loss(result.final!.head)).toBeLessThan(loss(result.watched.head));
    result.watched.head.dispose();
    result.final!.head.dispose();
  });

  it('keeps the watched head and drops the final one when stopped during the final fit', async () => {
    const before = tf.memory().numTensors;
    let stop = false;
    const result = await trainWithFinalFit(trainingSets(rows(false), { mirrorViews: false, finalFit: true }), 2, config, {
      onFinalFitEpoch: ({ epoch }) => void (stop = epoch >= 2),
      shouldStop: () => stop,
    });
    expect(result.watched.stoppedEarly).toBe(false);
    expect(result.final).toBeNull();
    result.watched.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips the final fit when the watched run was stopped', async () => {
    let epochs = 0;
    const result = await trainWithFinalFit(trainingSets(rows(false), { mirrorViews: false, finalFit: true }), 2, config, {
      onEpoch: () => void epochs++,
      shouldStop: () => epochs >= 3,
      onFinalFitEpoch: () => {
        throw new Error('the final fit must not start');
      },
    });
    expect(result.watched.stoppedEarly).toBe(true);
    expect(result.final).toBeNull();
    result.watched.head.dispose();
  });
});
