import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bestTrunkId, rankingPhotos, rankTrunks, type RankableTrunk, type RankingProgress, type TrunkEmbeddings } from './rank-trunks';
import { uniformClusters } from './testing/clusters';
import { DEFAULT_TRAIN_CONFIG } from './train-config';

const CONFIG = { ...DEFAULT_TRAIN_CONFIG, epochs: 12, hiddenUnits: 16, learningRate: 0.01, seed: 3 };

/** The same 2 x 9 photos seen by two generated "trunks": one separates the classes, one is noise around shared centres. */
const separating = uniformClusters(2, 9, 8, 0.1, 1);
const noisy = uniformClusters(2, 9, 8, 40, 2);
const labels = separating.labels;

function generatedTrunk(id: string, vectors: Float32Array[], msPerPhoto: number, unreadable: number[] = []): RankableTrunk {
  return {
    id,
    async embed({ onProgress, shouldStop }): Promise<TrunkEmbeddings | null> {
      const out: (Float32Array | null)[] = [];
      for (let i = 0; i < vectors.length; i++) {
        if (shouldStop()) return null;
        out.push(unreadable.includes(i) ? null : vectors[i]);
        await onProgress(i + 1, vectors.length);
      }
      return { embeddings: out, msPerPhoto, timedPhotos: vectors.length };
    },
  };
}

const noWait = async () => undefined;

describe('rankTrunks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('puts the trunk that separates the classes first, and keeps no tensors', async () => {
    const before = tf.memory().numTensors;
    const trunks = [generatedTrunk('noise', noisy.embeddings, 5), generatedTrunk('apart', separating.embeddings, 50)];
    const outcome = await rankTrunks(trunks, labels, 2, { shouldStop: () => false, onProgress: noWait, config: CONFIG });
    expect(outcome.stopped).toBe(false);
    if (outcome.stopped) return;
    const byId = new Map(outcome.scores.map((s) => [s.trunkId, s]));
    const apart = byId.get('apart')!;
    const noise = byId.get('noise')!;
    if ('error' in apart || 'error' in noise) throw new Error('a trunk failed');
    expect(apart.accuracy).toBeGreaterThan(0.9);
    expect(apart.accuracy).toBeGreaterThan(noise.accuracy);
    expect(apart).toMatchObject({ msPerPhoto: 50, timedPhotos: 18, photos: 18 });
    expect(bestTrunkId(outcome.scores)).toBe('apart');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same estimates on the same photos (fixed seed)', async () => {
    const run = () =>
      rankTrunks([generatedTrunk('noise', noisy.embeddings, 5)], labels, 2, {
        shouldStop: () => false,
        onProgress: noWait,
        config: CONFIG,
      });
    expect(await run()).toEqual(await run());
  });

  it('reports embedding, then each fold, trunk by trunk', async () => {
    const seen: RankingProgress[] = [];
    const trunks = [generatedTrunk('a', separating.embeddings, 1), generatedTrunk('b', noisy.embeddings, 1)];
    await rankTrunks(trunks, labels, 2, { shouldStop: () => false, onProgress: async (p) => void seen.push(p), config: CONFIG });
    const embeddingB = seen.filter((p) => p.trunkId === 'b' && p.stage === 'embedding');
    expect(embeddingB.at(-1)).toMatchObject({ trunkIndex: 1, done: 18, total: 18 });
    const lastScoringA = seen.filter((p) => p.trunkId === 'a' && p.stage === 'scoring').at(-1);
    expect(lastScoringA).toMatchObject({ fold: 3, folds: 3 });
    expect(seen.findIndex((p) => p.trunkId === 'b')).toBeGreaterThan(seen.findIndex((p) => p.trunkId === 'a' && p.stage === 'scoring'));
  });

  it('stops while embedding the second trunk: no score at all, no tensors left', async () => {
    const before = tf.memory().numTensors;
    let stop = false;
    const trunks = [generatedTrunk('a', separating.embeddings, 1), generatedTrunk('b', noisy.embeddings, 1)];
    const outcome = await rankTrunks(trunks, labels, 2, {
      shouldStop: () => stop,
      onProgress: async (p) => void (stop ||= p.trunkId === 'b' && p.stage === 'embedding' && p.done === 4),
      config: CONFIG,
    });
    expect(outcome).toEqual({ stopped: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops while a fold trains, freeing its head', async () => {
    const before = tf.memory().numTensors;
    let stop = false;
    const outcome = await rankTrunks([generatedTrunk('a', separating.embeddings, 1)], labels, 2, {
      shouldStop: () => stop,
      onProgress: async (p) => void (stop ||= p.stage === 'scoring' && p.fold === 1),
      config: CONFIG,
    });
    expect(outcome).toEqual({ stopped: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scores only the readable photos, and gives a trunk that fails an error while the others go on', async () => {
    const broken: RankableTrunk = {
      id: 'broken',
      embed: async () => {
        throw new Error('cannot load');
      },
    };
    const outcome = await rankTrunks([broken, generatedTrunk('a', separating.embeddings, 1, [0, 5])], labels, 2, {
      shouldStop: () => false,
      onProgress: noWait,
      config: CONFIG,
    });
    if (outcome.stopped) throw new Error('stopped');
    expect(outcome.scores[0]).toEqual({ trunkId: 'broken', error: 'cannot load' });
    expect(outcome.scores[1]).toMatchObject({ trunkId: 'a', photos: 16 });
    expect(bestTrunkId(outcome.scores)).toBe('a');
  });
});

describe('bestTrunkId', () => {
  it('takes the highest estimate, the faster trunk on a tie, and null when none was scored', () => {
    const score = (trunkId: string, accuracy: number, msPerPhoto: number) => ({ trunkId, accuracy, msPerPhoto, timedPhotos: 1, photos: 1 });
    expect(bestTrunkId([score('a', 0.8, 10), score('b', 0.9, 100)])).toBe('b');
    expect(bestTrunkId([score('a', 0.9, 100), score('b', 0.9, 10)])).toBe('b');
    expect(bestTrunkId([{ trunkId: 'x', error: 'no' }])).toBeNull();
  });
});

describe('rankingPhotos', () => {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const split = { valFraction: 0.15, testFraction: 0.15, seed: 42 };

  it('keeps out the photos training will test on, and classes with fewer than 3 photos', () => {
    const classes = [
      { label: 'ants', imageIds: ids('a', 20) },
      { label: 'bees', imageIds: ids('b', 20) },
    ];
    const chosen = rankingPhotos(classes, split);
    expect(chosen.testPhotos).toBe(6);
    expect(chosen.examples).toHaveLength(34);
    expect(chosen.labels).toEqual(['ants', 'bees']);
    const small = rankingPhotos([...classes, { label: 'wasps', imageIds: ids('w', 2) }], split);
    // A class under 10 photos: no test set at all, so every photo of the other classes ranks.
    expect(small).toMatchObject({ labels: ['ants', 'bees'], leftOut: ['wasps'], testPhotos: 0 });
    expect(small.examples).toHaveLength(40);
    expect(small.examples.filter((e) => e.classIndex === 1)).toHaveLength(20);
  });
});
