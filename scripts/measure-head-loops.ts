// Why the head and the lab keep two training loops: one epoch of the same head (Dense(100, relu) ->
// Dense(C, softmax), Adam, the same data) trained by the head's loop (src/ml/train-head.ts: hand
// gradients, the output layer and its Adam in JS, the hidden layer's Adam in one SIMD pass) and by
// the lab's general loop (src/ml/lab/train-model.ts: the gradient tape over any model, FlatAdam),
// on wasm as the app runs it. Prints kernels per epoch (independent of the machine's load) and
// milliseconds per epoch (medians of interleaved runs; on a shared machine only the ratio means much).
// Usage: npx tsx scripts/measure-head-loops.ts [--examples 255] [--classes 5] [--batch 16] [--epochs 10] [--runs 3]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createHead } from '../src/ml/head';
import { trainModel } from '../src/ml/lab/train-model';
import { DEFAULT_TRAIN_CONFIG } from '../src/ml/train-config';
import { trainHead } from '../src/ml/train-head';
import { probeSet } from '../src/worker/head-placement';
import { numericFlag } from './numeric-flag';

const examples = numericFlag('examples', 255);
const classes = numericFlag('classes', 5);
const batchSize = numericFlag('batch', 16);
const epochs = numericFlag('epochs', 10);
const runs = numericFlag('runs', 3);
const train = probeSet(1280, examples, classes, 3);
const val = probeSet(1280, 40, classes, 4);
const config = { ...DEFAULT_TRAIN_CONFIG, epochs, batchSize };

async function headLoop(n: number): Promise<void> {
  const result = await trainHead(train, val, classes, { ...config, epochs: n });
  result.head.dispose();
}

async function labLoop(n: number): Promise<void> {
  const head = createHead({ inputSize: 1280, hiddenUnits: config.hiddenUnits, numClasses: classes, seed: config.seed });
  const asSamples = (set: typeof train) => ({ samples: set.embeddings, shape: [1280], labels: set.labels });
  await trainModel(head, asSamples(train), asSamples(val), classes, {
    epochs: n,
    batchSize,
    learningRate: config.learningRate,
    seed: config.seed,
    batchNormTraining: false,
    firstEpoch: 1,
    elapsedOffsetMs: 0,
    phase: 'head',
  });
  head.dispose();
}

async function kernelsPerEpoch(loop: (n: number) => Promise<void>): Promise<number> {
  const profile = await tf.profile(() => loop(1));
  return profile.kernels.length;
}

async function msPerEpoch(loop: (n: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  await loop(epochs);
  return (performance.now() - started) / epochs;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

await tf.setBackend('wasm');
await headLoop(1);
await labLoop(1);
const kernels = { headLoop: await kernelsPerEpoch(headLoop), labLoop: await kernelsPerEpoch(labLoop) };
const head: number[] = [];
const lab: number[] = [];
for (let run = 0; run < runs; run++) {
  head.push(await msPerEpoch(headLoop));
  lab.push(await msPerEpoch(labLoop));
}
const round = (value: number) => Math.round(value * 10) / 10;
console.log(
  JSON.stringify({
    examples,
    classes,
    batchSize,
    epochs,
    runs,
    kernelsPerEpoch: kernels,
    msPerEpoch: { headLoop: head.map(round), labLoop: lab.map(round) },
    medianRatio: round(median(lab) / median(head)),
  }),
);
