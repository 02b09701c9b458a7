// Counts the backend kernels (on a GPU: one dispatch each, a draw call on webgl, a compute pass on
// webgpu) that one epoch of the head costs, both ways the head can train (head-trainers.ts):
// everything on the backend (what a GPU runs when the head stays with the trunk) and the CPU
// path (hidden layer on wasm, output layer and Adam in JS/SIMD). Kernel counts do not depend on
// how fast the device is, so they carry over from this machine to a laptop GPU.
// Usage: npx tsx scripts/measure-head-dispatch.ts [--examples 255] [--classes 5] [--batch 16]
// Prints one JSON line; docs/speed.md ("On a GPU") quotes it.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { probeSet } from '../src/worker/head-placement';
import { trainHead } from '../src/ml/train-head';
import { DEFAULT_TRAIN_CONFIG } from '../src/ml/train-config';
import { numericFlag } from './numeric-flag';

const examples = numericFlag('examples', 255);
const classes = numericFlag('classes', 5);
const batchSize = numericFlag('batch', 16);
const set = probeSet(1280, examples, classes, 3);
const batches = Math.ceil(examples / batchSize);

/** Kernels of one epoch (training and the per-epoch read), on `backend`, with the output layer where asked. */
async function kernelsPerEpoch(
  backend: string,
  outputLayer: 'backend' | 'js',
): Promise<{ kernels: number; perBatch: number; names: Record<string, number> }> {
  await tf.setBackend(backend);
  const profile = await tf.profile(async () => {
    const result = await trainHead(set, null, classes, { ...DEFAULT_TRAIN_CONFIG, epochs: 1, batchSize }, {}, { outputLayer });
    result.head.dispose();
  });
  const names: Record<string, number> = {};
  for (const kernel of profile.kernels) names[kernel.name] = (names[kernel.name] ?? 0) + 1;
  return { kernels: profile.kernels.length, perBatch: Math.round((profile.kernels.length / batches) * 10) / 10, names };
}

// 'cpu' stands in for a GPU backend: the same kernels are launched whatever executes them.
const onBackend = await kernelsPerEpoch('cpu', 'backend');
const cpuPath = await kernelsPerEpoch('wasm', 'js');
console.log(JSON.stringify({ examples, classes, batchSize, batches, onBackend, cpuPath }));
