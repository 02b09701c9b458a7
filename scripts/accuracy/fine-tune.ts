// Fine-tuning the top of MobileNet V2 α0.35 with the lab's recipe (src/ml/lab/strategy-runs.ts,
// runFineTune), on the bench's split (split.ts) of a cached dataset, against the head alone.
// The head phase is the recipe itself (50 epochs of Dense(100) -> softmax, Adam 0.001, batch 16,
// trained by trainHead with the same seed, so it is the harness's tm-recipe run); then the top
// `--units` units are unfrozen on the activations cached at their boundary: the first fine-tune
// epoch picks the rate (1e-5, 1e-4, 1e-3) and the depth on the validation photos, and the weights
// kept are those of the epoch with the lowest validation loss, the head-only state included.
// Usage: npx tsx scripts/accuracy/fine-tune.ts --dataset flowers12 [--seeds 0] [--units 2] [--fine-tune-epochs 10]
//          [--datasets-dir ../shared/datasets] [--models ../shared/models] [--cache /tmp/acc-cache]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import path from 'node:path';
import { preprocessPixels } from '../../src/ml/preprocess';
import { modelDirHandler } from '../../src/ml/testing/model-dir';
import { DEFAULT_TRAIN_CONFIG, type EmbeddedSet } from '../../src/ml/train-head';
import { buildBoundaryEncoder } from '../../src/ml/lab/boundary-encoder';
import { depthCandidates } from '../../src/ml/lab/fine-tune-depth';
import { rateCandidates } from '../../src/ml/lab/fine-tune-rate';
import { findBlockMap } from '../../src/ml/lab/mobilenet-blocks';
import { runFineTune, type Splits } from '../../src/ml/lab/strategy-runs';
import { registerWasmTrainingKernels } from '../../src/ml/lab/wasm-training-kernels';
import type { SampleSet } from '../../src/ml/lab/train-model';
import { readCache } from './cache';
import { openDecoder } from './decode';
import { benchSplit } from './split';
import { textFlag } from './text-flag';
import { numericFlag } from '../numeric-flag';

const dataset = textFlag('dataset', 'flowers12');
const seeds = textFlag('seeds', '0').split(',').map(Number);
const units = numericFlag('units', 2);
const fineTuneEpochs = numericFlag('fine-tune-epochs', 10);
const datasetDir = path.resolve(textFlag('datasets-dir', '../shared/datasets'), dataset);
const modelDir = path.resolve(textFlag('models', '../shared/models'), 'mobilenet_v2_0.35_224');
const cacheDir = textFlag('cache', '/tmp/acc-cache');
const trunkId = 'mobilenet_v2_0.35_224';

await tf.setBackend('wasm');
// As the lab's worker does: wasm lacks the convolution gradients fine-tuning needs.
registerWasmTrainingKernels();
const cached = readCache(cacheDir, dataset, trunkId, 'centre');
const labels = [...new Set(cached.photos.map((p) => p.label))].sort();
const labelOf = cached.photos.map((p) => labels.indexOf(p.label));
const splits = seeds.map((seed) => benchSplit(dataset, cached.photos, labelOf, labels.length, seed));
const needed = [...new Set(splits.flatMap((parts) => parts.flatMap((p) => [...p.train, ...p.val, ...p.test])))].sort((a, b) => a - b);

// Boundary activations of every photo the seeds use, from the same decoded pixels as the cache.
const source = await tf.loadLayersModel(modelDirHandler(modelDir));
const map = findBlockMap(source);
if (!map) throw new Error('no MobileNet blocks found');
const encoder = buildBoundaryEncoder(map, units);
if (!encoder.bottom) throw new Error('a full fine-tune is out of scope here');
const shape = encoder.bottom.outputs[0].shape.slice(1) as number[];
const activationOf = new Map<number, Float32Array>();
const decoder = await openDecoder();
let worstDrift = 0;
const encodeStarted = performance.now();
for (let start = 0; start < needed.length; start += 16) {
  const chunk = needed.slice(start, start + 16);
  const images = await Promise.all(
    chunk.map((i) => decoder.decode(path.join(datasetDir, cached.photos[i].split, cached.photos[i].label, cached.photos[i].file))),
  );
  const batch = preprocessPixels(images, 224);
  const activations = encoder.bottom.predict(batch) as tf.Tensor;
  const embedded = encoder.toEmbedding.predict(activations) as tf.Tensor2D;
  const flat = (await activations.data()) as Float32Array;
  const rows = (await embedded.array()) as number[][];
  const per = flat.length / chunk.length;
  chunk.forEach((i, k) => {
    activationOf.set(i, flat.slice(k * per, (k + 1) * per));
    // The cached embedding must be what these activations pool to: the head phase and the fine-tune phase see the same photo.
    rows[k].forEach((v, d) => (worstDrift = Math.max(worstDrift, Math.abs(v - cached.rows[i][d]))));
  });
  tf.dispose([batch, activations, embedded]);
}
await decoder.close();
const encodeMsPerPhoto = (performance.now() - encodeStarted) / needed.length;
process.stderr.write(
  `${needed.length} photos encoded at ${encoder.boundary}, shape [${shape}], worst drift from the cache ${worstDrift.toExponential(2)}\n`,
);

for (const [k, seed] of seeds.entries()) {
  const pick = (part: 'train' | 'val' | 'test') => splits[k].flatMap((p) => p[part]);
  const embedded = (ids: number[]): EmbeddedSet => ({ embeddings: ids.map((i) => cached.rows[i]), labels: ids.map((i) => labelOf[i]) });
  const sampled = (ids: number[]): SampleSet => ({
    samples: ids.map((i) => activationOf.get(i)!),
    shape,
    labels: ids.map((i) => labelOf[i]),
  });
  const embeddings: Splits<EmbeddedSet> = { train: embedded(pick('train')), val: embedded(pick('val')), test: embedded(pick('test')) };
  const activations: Splits<SampleSet> = { train: sampled(pick('train')), val: sampled(pick('val')), test: sampled(pick('test')) };
  const headEpochs = DEFAULT_TRAIN_CONFIG.epochs;
  let headMs = 0;
  const started = performance.now();
  const result = await runFineTune(
    embeddings,
    activations,
    () => tf.loadLayersModel(modelDirHandler(modelDir)),
    {
      numClasses: labels.length,
      epochs: headEpochs + fineTuneEpochs,
      batchSize: DEFAULT_TRAIN_CONFIG.batchSize,
      hiddenUnits: DEFAULT_TRAIN_CONFIG.hiddenUnits,
      seed,
      headLearningRate: DEFAULT_TRAIN_CONFIG.learningRate,
      fineTuneLearningRate: 1e-5,
      rateCandidates: rateCandidates(1e-5, 3),
      depthCandidates: depthCandidates(units),
      headEpochs,
      units,
    },
    {
      onEpoch: async (epoch) => {
        if (epoch.phase === 'head') headMs = epoch.elapsedMs;
      },
      shouldStop: () => false,
    },
  );
  const totalMs = performance.now() - started;
  console.log(
    JSON.stringify({
      dataset,
      lever: `fine-tune top ${units} units`,
      seed,
      testAccuracy: result.testAccuracy === null ? null : +result.testAccuracy.toFixed(3),
      chosenLearningRate: result.chosenLearningRate,
      chosenUnits: result.chosenUnits,
      chosenFineTuneEpochs: result.chosenFineTuneEpochs,
      trainExamples: embeddings.train.labels.length,
      boundary: encoder.boundary,
      headPhaseMs: Math.round(headMs),
      fineTunePhaseMs: Math.round(totalMs - headMs),
      decodeAndEncodeMsPerPhoto: Math.round(encodeMsPerPhoto),
    }),
  );
}
