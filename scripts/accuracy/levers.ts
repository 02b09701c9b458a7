// Head levers on cached embeddings (scripts/accuracy/embed-views.ts): for each seed, the bench's
// split (10 training photos per class for flowers12, the train/ folder for hymenoptera; scored
// on test/ or val/), then Teachable Machine's recipe (15% of each class held out, rounded up,
// 50 epochs of Dense(100) -> softmax, Adam 0.001, batch 16) and each lever on top of it.
// Prints one JSON line per dataset and lever: accuracy per seed, the median, and the training
// examples (a proxy for embedding and training time).
// Levers named fit:... train the reference head (reference-head.ts: tf.layers + model.fit) instead of
// trainHead, for what trainHead has not got (dropout, L2, label smoothing, a linear head); compare
// them with fit:tm-recipe / fit:mirror+all-photos, the same recipe through the same path.
// --features picks what the head sees: avg (the trunk's own pooled vector, default), avgmax or max
// (embed-views.ts --pool avgmax caches), or concat:<trunk> (this trunk's vector, then the other's).
// Usage: npx tsx scripts/accuracy/levers.ts [--cache /tmp/acc-cache] [--seeds 0,1,2] [--levers a,b] [--trunk ID] [--cv]
//          [--features avg|avgmax|max|concat:mobilenet_v1_0.25_224]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { trainHead, DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/ml/train-head';
import { crossValidatedHeadAccuracy } from '../../src/ml/head-cross-validation';
import { leaveOneOutCentroidAccuracy } from '../../src/ml/trunk-ranking';
import { readCache, type CachedPhoto } from './cache';
import { benchSplit } from './split';
import { fitReferenceHead, type ReferenceHeadOptions } from './reference-head';
import { textFlag } from './text-flag';

const cacheDir = textFlag('cache', '/tmp/acc-cache');
const seeds = textFlag('seeds', '0,1,2').split(',').map(Number);
const trunk = textFlag('trunk', 'mobilenet_v2_0.35_224');
/** Also the 3-fold cross-validated head (20 epochs) on the training photos: the other trunk estimate. */
const withCv = process.argv.includes('--cv');
const features = textFlag('features', 'avg');

interface Lever {
  /** Views embedded per training photo (the first is always the photo itself). */
  views: string[];
  /** Train on the held-out 15% too (with the same epoch count). */
  useValidation: boolean;
  config: Partial<TrainConfig>;
  l2: boolean;
  /** Train the reference head (model.fit) with these options instead of trainHead. */
  head?: ReferenceHeadOptions;
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
  'mirror+all-epochs-25': { views: ['centre', 'mirror'], useValidation: true, config: { epochs: 25 } },
  'mirror+all-epochs-30': { views: ['centre', 'mirror'], useValidation: true, config: { epochs: 30 } },
  'mirror+all-epochs-40': { views: ['centre', 'mirror'], useValidation: true, config: { epochs: 40 } },
};
// The reference head's levers, alone (fit:NAME) and on top of mirror views + validation photos (fit:mirror+all+NAME).
const HEAD_LEVERS: Record<string, ReferenceHeadOptions> = {
  'tm-recipe': {},
  'dropout-0.2': { dropout: 0.2 },
  'dropout-0.5': { dropout: 0.5 },
  'l2-1e-4': { l2: 1e-4 },
  'l2-1e-3': { l2: 1e-3 },
  'smooth-0.1': { labelSmoothing: 0.1 },
  linear: { linear: true },
};
for (const [name, head] of Object.entries(HEAD_LEVERS)) {
  LEVERS[`fit:${name}`] = { head };
  LEVERS[name === 'tm-recipe' ? 'fit:mirror+all-photos' : `fit:mirror+all+${name}`] = {
    views: ['centre', 'mirror'],
    useValidation: true,
    head,
  };
}
const chosen = textFlag('levers', Object.keys(LEVERS).join(',')).split(',');
for (const name of chosen) if (!LEVERS[name]) throw new Error(`unknown lever ${name}; known: ${Object.keys(LEVERS).join(', ')}`);

/** One view's feature rows as --features asks, every cache in the same photo order. */
function readFeatures(dataset: string, view: string): { photos: CachedPhoto[]; rows: Float32Array[] } {
  if (features === 'avg') return readCache(cacheDir, dataset, trunk, view);
  if (features === 'avgmax' || features === 'max') {
    // The avgmax cache holds [average-pooled | max-pooled] of the trunk's last feature map.
    const both = readCache(cacheDir, dataset, `${trunk}-avgmax`, view);
    if (features === 'avgmax') return both;
    return { photos: both.photos, rows: both.rows.map((r) => r.slice(r.length / 2)) };
  }
  if (features.startsWith('concat:')) {
    const first = readCache(cacheDir, dataset, trunk, view);
    const second = readCache(cacheDir, dataset, features.slice('concat:'.length), view);
    first.photos.forEach((p, i) => {
      const q = second.photos[i];
      if (!q || q.split !== p.split || q.label !== p.label || q.file !== p.file) throw new Error(`photo ${i} differs between the caches`);
    });
    return {
      photos: first.photos,
      rows: first.rows.map((r, i) => {
        const joined = new Float32Array(r.length + second.rows[i].length);
        joined.set(r);
        joined.set(second.rows[i], r.length);
        return joined;
      }),
    };
  }
  throw new Error(`unknown --features ${features}; known: avg, avgmax, max, concat:<trunk>`);
}

function l2(row: Float32Array): Float32Array {
  let s = 0;
  for (const v of row) s += v * v;
  const k = Math.sqrt(20 / Math.max(s, 1e-12)); // unit length times sqrt(20): about the typical norm's scale
  return row.map((v) => v * k);
}

await tf.setBackend('wasm');
for (const dataset of textFlag('datasets', 'flowers12,hymenoptera').split(',')) {
  const views = new Map<string, Float32Array[]>();
  const base = readFeatures(dataset, 'centre');
  const labels = [...new Set(base.photos.map((p) => p.label))].sort();
  const labelOf = base.photos.map((p) => labels.indexOf(p.label));
  for (const name of chosen) {
    const lever = { ...BASE, ...LEVERS[name], config: { ...LEVERS[name].config } };
    const missing = lever.views.filter((v) => {
      try {
        if (!views.has(v)) views.set(v, readFeatures(dataset, v).rows);
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
      const trainPool: number[] = [];
      const test: number[] = [];
      for (const part of benchSplit(dataset, base.photos, labelOf, labels.length, seed)) {
        trainPool.push(...part.train, ...(lever.useValidation ? part.val : []));
        test.push(...part.test);
      }
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
      const head = lever.head
        ? await fitReferenceHead(trainSet, labels.length, config, lever.head)
        : (await trainHead(trainSet, null, labels.length, config)).head;
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
        features,
        looCentroidMedian: +medianOf(estimates).toFixed(3),
        ...(withCv ? { headCv3Median: +medianOf(cvScores).toFixed(3) } : {}),
        trainMsPerRun: Math.round(trainMs / seeds.length),
      }),
    );
  }
}
