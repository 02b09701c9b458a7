// Sizes the lab's "your own source model" by measurement on Node's wasm backend (the browser's
// fast CPU path): trains the scratch CNN on the ten-shapes source task at a given picture size,
// pictures per class and epochs, then reuses its feature layers (frozen) on the five-new-shapes
// target and reports the source model's validation accuracy, the time and the target accuracy.
//   npx tsx scripts/measure-source-model.ts --size 32 --per-class 300 --epochs 4
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { samplePixels } from '../src/ml/samples/sample-pixels';
import { SHAPES_NEAR, SHAPES_SOURCE } from '../src/ml/samples/tasks';
import { registerWasmTrainingKernels } from '../src/ml/lab/wasm-training-kernels';
import { trainSourceModel } from '../src/ml/lab/source-model';
import { runFeatureExtraction, runScratch } from '../src/ml/lab/strategy-runs';
import { numericFlag } from './numeric-flag';

const size = numericFlag('size', 32);
const perClass = numericFlag('per-class', 300);
const epochs = numericFlag('epochs', 4);
const targetPerClass = numericFlag('target-per-class', 20);

async function main() {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  let t0 = performance.now();
  const train = samplePixels(SHAPES_SOURCE, perClass, size);
  const val = samplePixels(SHAPES_SOURCE, Math.max(4, Math.round(perClass / 10)), size, { firstIndex: 10000 });
  const drawMs = performance.now() - t0;
  t0 = performance.now();
  const source = await trainSourceModel(
    train,
    val,
    { imageSize: size, numClasses: 10, epochs, batchSize: 32, learningRate: 0.003, hiddenUnits: 64, seed: 1 },
    { onEpoch: (e) => console.error(JSON.stringify({ epoch: e.epoch, val: e.valAccuracy, ms: Math.round(e.elapsedMs) })) },
  );
  const trainMs = performance.now() - t0;
  const target = samplePixels(SHAPES_NEAR, targetPerClass, size);
  const targetTest = samplePixels(SHAPES_NEAR, 10, size, { firstIndex: 5000 });
  const embed = (s: Float32Array[]) =>
    tf
      .tidy(() => {
        const x = tf.tensor4d(Float32Array.from(s.flatMap((v) => Array.from(v))), [s.length, size, size, 3]);
        return (source.features.predict(x) as tf.Tensor).arraySync() as number[][];
      })
      .map((r) => Float32Array.from(r));
  const half = Math.floor(target.labels.length / 2);
  const idx = target.labels.map((_, i) => i);
  const trIdx = idx.filter((i) => i % 4 !== 0);
  const vaIdx = idx.filter((i) => i % 4 === 0);
  const emb = embed(target.samples);
  const testEmb = embed(targetTest.samples);
  const hooks = { onEpoch: async () => undefined, shouldStop: () => false };
  const common = { numClasses: 5, epochs: 10, batchSize: 32, hiddenUnits: 100, seed: 42 };
  const fe = await runFeatureExtraction(
    {
      train: { embeddings: trIdx.map((i) => emb[i]), labels: trIdx.map((i) => target.labels[i]) },
      val: { embeddings: vaIdx.map((i) => emb[i]), labels: vaIdx.map((i) => target.labels[i]) },
      test: { embeddings: testEmb, labels: targetTest.labels },
    },
    { ...common, learningRate: 0.001 },
    hooks,
  );
  const pick = (ids: number[]) => ({
    samples: ids.map((i) => target.samples[i]),
    shape: target.shape,
    labels: ids.map((i) => target.labels[i]),
  });
  const sc = await runScratch(size, { train: pick(trIdx), val: pick(vaIdx), test: targetTest }, { ...common, learningRate: 0.001 }, hooks);
  console.log(
    JSON.stringify({
      size,
      perClass,
      epochs,
      drawMs: Math.round(drawMs),
      trainMs: Math.round(trainMs),
      sourceVal: source.validationAccuracy,
      targetFeatureExtraction: fe.testAccuracy,
      targetScratch: sc.testAccuracy,
      half,
    }),
  );
}
void main();
