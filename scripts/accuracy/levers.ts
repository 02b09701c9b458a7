// Head levers on cached embeddings (scripts/accuracy/embed-views.ts): for each seed, the bench's
// split (10 training photos per class for flowers12, the train/ folder for hymenoptera; scored
// on test/ or val/), then Teachable Machine's recipe (15% of each class held out, rounded up,
// 50 epochs of Dense(100) -> softmax, Adam 0.001, batch 16) and each lever on top of it.
// Prints one JSON line per dataset and lever: accuracy per seed, the median, and the training
// examples (a proxy for embedding and training time).
// Usage: npx tsx scripts/accuracy/levers.ts [--cache /tmp/acc-cache] [--seeds 0,1,2] [--levers a,b] [--trunk ID] [--cv]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { trainHead, DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/ml/train-head';
import { createRng, shuffledIndices } from '../../src/ml/rng';
import { crossValidatedHeadAccuracy } from '../../src/ml/head-cross-validation';
import { leaveOneOutCentroidAccuracy } from '../../src/ml/trunk-ranking';
import { readCache } from './cache';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
const cacheDir = option('cache', '/tmp/acc-cache');
const seeds = option('seeds', '0,1,2').split(',').map(Number);
const trunk = option('trunk', 'mobilenet_v2_0.35_224');
/** Also the 3-fold cross-validated head (20 epochs) on the training photos: the other trunk estimate. */
const withCv = process.argv.includes('--cv');

interface Lever {
  /** Views embedded per training photo (the first is always the photo itself). */
  views: string[];
  /** Train on the held-out 15% too (with the same epoch count). */
  useValidation: boolean;
  config: Partial<TrainConfig>;
  l2: boolean;
}
const BASE: Lever = { views: ['centre'], useValidation: false, config: {}, l2: false };
const LEVERS: Record<string, Partial<Lever>> = {
  'tm-recipe': {},
  mirror: { views: ['centre', 'mirror'] },
  'all-photos': { useValidation: true },
  'mirror+all-photos': { views: ['centre', 'mirror'], useValidation: true },
  zoom: { views: ['centre', 'zoom'] },
  'mirror+zoom': { views: ['centre', 'mirror', 'zoom', 'zoom-mirror'] },
  'mirror+zoom+all': { views: ['centre', 'mirror', 'zoom', 'zoom-mirror'], useValidation: true },
  brighter: { views: ['centre', 'brighter'] },
  'lr-0.0005': { config: { learningRate: 0.0005 } },
  'lr-0.003': { config: { learningRate: 0.003 } },
  'epochs-25': { config: { epochs: 25 } },
  'epochs-100': { config: { epochs: 100 } },
  'hidden-256': { config: { hiddenUnits: 256 } },
  l2: { l2: true },
  'l2+lr-0.003': { l2: true, config: { learningRate: 0.003 } },
};
const chosen = option('levers', Object.keys(LEVERS).join(',')).split(',');

function l2(row: Float32Array): Float32Array {
  let s = 0;
  for (const v of row) s += v * v;
  const k = Math.sqrt(20 / Math.max(s, 1e-12)); // unit length times sqrt(20): about the typical norm's scale
  return row.map((v) => v * k);
}

await tf.setBackend('wasm');
for (const dataset of option('datasets', 'flowers12,hymenoptera').split(',')) {
  const views = new Map<string, Float32Array[]>();
  const base = readCache(cacheDir, dataset, trunk, 'centre');
  const labels = [...new Set(base.photos.map((p) => p.label))].sort();
  const labelOf = base.photos.map((p) => labels.indexOf(p.label));
  for (const name of chosen) {
    const lever = { ...BASE, ...LEVERS[name], config: { ...LEVERS[name].config } };
    const missing = lever.views.filter((v) => {
      try {
        if (!views.has(v)) views.set(v, readCache(cacheDir, dataset, trunk, v).rows);
        return false;
      } catch {
        return true;
      }
    });
    if (missing.length) {
      console.log(JSON.stringify({ dataset, lever: name, skipped: `not embedded: ${missing.join(',')}` }));
      continue;
    }
    const accuracies: number[] = [];
    const estimates: number[] = [];
    const cvScores: number[] = [];
    let examples = 0;
    let trainMs = 0;
    for (const seed of seeds) {
      const rng = createRng(1000 + seed);
      const trainPool: number[] = [];
      const test: number[] = [];
      labels.forEach((_, c) => {
        const members = base.photos.map((p, i) => ({ p, i })).filter(({ i }) => labelOf[i] === c);
        const inTrain = members.filter(({ p }) => p.split === 'train').map(({ i }) => i);
        const picked =
          dataset === 'flowers12'
            ? shuffledIndices(inTrain.length, rng)
                .slice(0, 10)
                .map((k) => inTrain[k])
            : inTrain;
        // Teachable Machine's holdout: ceil(15%) of the class, chosen by the seed.
        const order = shuffledIndices(picked.length, rng).map((k) => picked[k]);
        const valCount = Math.ceil(0.15 * picked.length);
        trainPool.push(...order.slice(valCount), ...(lever.useValidation ? order.slice(0, valCount) : []));
        test.push(...members.filter(({ p }) => p.split !== 'train').map(({ i }) => i));
      });
      const feature = (rows: Float32Array[], i: number) => (lever.l2 ? l2(rows[i]) : rows[i]);
      const trainSet = { embeddings: [] as Float32Array[], labels: [] as number[] };
      for (const v of lever.views)
        for (const i of trainPool) {
          trainSet.embeddings.push(feature(views.get(v)!, i));
          trainSet.labels.push(labelOf[i]);
        }
      // The trunk picker's estimate on the same photos, for comparison with the test accuracy.
      const estimate = leaveOneOutCentroidAccuracy(
        trainPool.map((i) => base.rows[i]),
        trainPool.map((i) => labelOf[i]),
      );
      estimates.push(estimate.accuracy ?? 0);
      if (withCv) {
        const poolRows = trainPool.map((i) => base.rows[i]);
        const poolLabels = trainPool.map((i) => labelOf[i]);
        cvScores.push(
          await crossValidatedHeadAccuracy(poolRows, poolLabels, labels.length, 3, { ...DEFAULT_TRAIN_CONFIG, epochs: 20, seed }),
        );
      }
      examples = trainSet.labels.length;
      const config = { ...DEFAULT_TRAIN_CONFIG, ...lever.config, seed };
      const t = performance.now();
      const { head } = await trainHead(trainSet, null, labels.length, config);
      trainMs += performance.now() - t;
      const x = tf.tensor2d(test.map((i) => [...feature(base.rows, i)]));
      const predicted = (head.predict(x) as tf.Tensor).argMax(1).dataSync();
      accuracies.push(test.filter((i, k) => predicted[k] === labelOf[i]).length / test.length);
      x.dispose();
      head.dispose();
    }
    const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const median = medianOf(accuracies);
    console.log(
      JSON.stringify({
        dataset,
        lever: name,
        median: +median.toFixed(3),
        accuracies: accuracies.map((a) => +a.toFixed(3)),
        trainExamples: examples,
        trunk,
        looCentroidMedian: +medianOf(estimates).toFixed(3),
        ...(withCv ? { headCv3Median: +medianOf(cvScores).toFixed(3) } : {}),
        trainMsPerRun: Math.round(trainMs / seeds.length),
      }),
    );
  }
}
