import * as tf from '@tensorflow/tfjs';
import { foldBatchNorm, type BatchNormParams } from './fold-batchnorm';
import { predictTensor } from './predict-tensor';
import { createRng } from './rng';
import type { Trunk } from './trunk';
import { readTrunkGraph, type StepActivation, type TrunkStep } from './trunk-graph';

/**
 * An inference-only executor for a frozen MobileNet-style trunk. It reads the layers model once
 * (trunk-graph.ts), folds each batch normalisation into the convolution before it, merges the
 * ReLU/ReLU6 that follows into the convolution (tf.fused.conv2d / depthwiseConv2d with a bias
 * and an activation: one kernel instead of three), turns a ZeroPadding2D before a 'valid'
 * convolution into the convolution's own explicit padding, and frees each intermediate value as
 * soon as its last reader has run. On the wasm backend that is XNNPACK doing the convolution,
 * bias and clamp in one pass. The layers model stays the reference and the fallback: a trunk
 * with a layer kind this does not know is not folded.
 */

export interface FoldedTrunk {
  readonly imageSize: number;
  readonly embeddingSize: number;
  /** Kernel launches per batch, and how many batch normalisations were folded away. */
  readonly stats: { ops: number; foldedBatchNorms: number; fusedActivations: number; foldedPads: number };
  /** [n, S, S, 3] in [-1, 1] -> [n, embeddingSize]. The batch stays the caller's; the result is the caller's to dispose. */
  embed(batch: tf.Tensor4D): tf.Tensor2D;
  /** Frees the folded weights (not the trunk's). */
  dispose(): void;
  /** The steps and weights as plain data, to rebuild this trunk in another worker (folded-trunk-portable.ts). */
  readonly program: FoldedProgram;
}

/** What a folded trunk runs: its ops in order, the input and output value names, the sizes. */
export interface FoldedProgram {
  ops: Op[];
  input: string;
  output: string;
  imageSize: number;
  embeddingSize: number;
  stats: FoldedTrunk['stats'];
}

export type FusedActivation = 'linear' | 'relu' | 'relu6';
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

export type Op =
  | {
      kind: 'conv';
      depthwise: boolean;
      filter: tf.Tensor4D;
      bias: tf.Tensor1D | null;
      strides: [number, number];
      pad: 'same' | 'valid' | ExplicitPadding;
      dilations: [number, number];
      activation: FusedActivation;
      input: string;
      output: string;
    }
  | {
      kind: 'batchNorm';
      mean: tf.Tensor1D;
      variance: tf.Tensor1D;
      offset?: tf.Tensor1D;
      scale?: tf.Tensor1D;
      epsilon: number;
      input: string;
      output: string;
    }
  | { kind: 'activation'; activation: StepActivation; input: string; output: string }
  | { kind: 'pad'; paddings: ExplicitPadding; input: string; output: string }
  | { kind: 'add'; inputs: string[]; output: string }
  | { kind: 'globalAveragePool'; input: string; output: string };

interface ConvConfig {
  kernelSize: number[];
  strides: number[];
  padding: string;
  dilationRate: number | number[];
  activation: string;
  useBias: boolean;
}

/**
 * Builds the folded executor for `trunk`, or returns null when its model holds a layer kind or
 * wiring the executor does not know (the caller keeps using trunk.model). The weights are read
 * once, here; the trunk's own weights are left untouched.
 */
export async function foldTrunk(trunk: Trunk): Promise<FoldedTrunk | null> {
  const graph = readTrunkGraph(trunk.model);
  if (!graph) return null;
  const readers = countReaders(graph.steps, graph.output);
  const created: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(tensor: T): T => {
    created.push(tensor);
    return tensor;
  };
  const ops: Op[] = [];
  const stats = { ops: 0, foldedBatchNorms: 0, fusedActivations: 0, foldedPads: 0 };
  // Values renamed away by identity steps (Dropout at inference).
  const alias = new Map<string, string>();
  const resolve = (name: string): string => alias.get(name) ?? name;
  try {
    const steps = graph.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (step.kind === 'identity') {
        alias.set(step.output, resolve(step.input));
        continue;
      }
      if (step.kind === 'conv') {
        const fused = await buildConv(step, steps, i, readers, keep, stats, resolve);
        const previous = ops.at(-1);
        // A ZeroPadding2D read only by this 'valid' convolution becomes its explicit padding.
        if (
          previous?.kind === 'pad' &&
          previous.output === fused.op.input &&
          fused.op.pad === 'valid' &&
          readers.get(previous.output) === 1
        ) {
          ops.pop();
          fused.op.pad = previous.paddings;
          fused.op.input = previous.input;
          stats.foldedPads++;
        }
        ops.push(fused.op);
        i += fused.consumed;
        continue;
      }
      ops.push(await simpleOp(step, keep, resolve));
    }
  } catch (error) {
    tf.dispose(created);
    throw error;
  }
  stats.ops = ops.length;
  return foldedTrunkOf(
    { ops, input: graph.input, output: resolve(graph.output), imageSize: trunk.imageSize, embeddingSize: trunk.embeddingSize, stats },
    () => tf.dispose(created),
  );
}

/** The executor for `program`; `release` frees its weights (called once, by dispose). */
export function foldedTrunkOf(program: FoldedProgram, release: () => void): FoldedTrunk {
  const lastReads = lastReaders(program.ops);
  let disposed = false;
  return {
    imageSize: program.imageSize,
    embeddingSize: program.embeddingSize,
    stats: program.stats,
    program,
    embed: (batch) => {
      if (disposed) throw new Error('This folded trunk has been disposed.');
      return run(program.ops, lastReads, program.input, program.output, batch, program.embeddingSize);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      release();
    },
  };
}

export interface CheckedFold {
  /** Null when the trunk cannot be folded or the folded output disagrees with the layers model. */
  folded: FoldedTrunk | null;
  /** Why `folded` is null, for logs; null when it is not. */
  reason: string | null;
  /** Largest |folded - layers| on the check batch, relative to the largest |layers| value (at least 1). */
  difference: number | null;
}

/** Relative disagreement above which the folded trunk is not used (float32 folding gives ~1e-6). */
export const FOLD_TOLERANCE = 1e-3;

/**
 * Folds the trunk and, before trusting it, runs both it and the layers model on the same fixed
 * pseudo-random batch on the active backend. The caller keeps the layers model when this
 * returns no folded trunk. Costs two trunk passes, once per trunk load.
 */
export async function foldTrunkChecked(trunk: Trunk, tolerance = FOLD_TOLERANCE): Promise<CheckedFold> {
  const folded = await foldTrunk(trunk);
  if (!folded) return { folded: null, reason: 'the trunk has layer kinds the folded executor does not know', difference: null };
  const rng = createRng(7);
  const size = trunk.imageSize;
  const input = tf.tensor4d(
    Float32Array.from({ length: 2 * size * size * 3 }, () => rng() * 2 - 1),
    [2, size, size, 3],
  );
  try {
    const measure = tf.tidy(() => {
      const reference = predictTensor(trunk.model, input);
      const ours = folded.embed(input);
      return tf.stack([tf.max(tf.abs(tf.sub(ours, reference))), tf.max(tf.abs(reference))]);
    });
    const [difference, scale] = await measure.data();
    measure.dispose();
    const relative = difference / Math.max(1, scale);
    if (!(relative <= tolerance)) {
      folded.dispose();
      return {
        folded: null,
        reason: `the folded trunk differs from the layers model by ${relative.toExponential(1)}`,
        difference: relative,
      };
    }
    return { folded, reason: null, difference: relative };
  } catch (error) {
    folded.dispose();
    throw error;
  } finally {
    input.dispose();
  }
}

/**
 * A convolution plus whatever folds into it: the batch normalisation right after it and the
 * ReLU/ReLU6 after that, each only when the value in between has no other reader.
 */
async function buildConv(
  step: Extract<TrunkStep, { kind: 'conv' }>,
  steps: TrunkStep[],
  index: number,
  readers: Map<string, number>,
  keep: <T extends tf.Tensor>(tensor: T) => T,
  stats: FoldedTrunk['stats'],
  resolve: (name: string) => string,
): Promise<{ op: Extract<Op, { kind: 'conv' }>; consumed: number }> {
  const config = step.layer.getConfig() as unknown as ConvConfig;
  const [kernelVariable, biasVariable] = step.layer.getWeights();
  let kernel = (await kernelVariable.data()) as Float32Array;
  let bias = config.useBias && biasVariable ? ((await biasVariable.data()) as Float32Array) : null;
  const kernelShape = kernelVariable.shape as [number, number, number, number];
  const outChannels = step.depthwise ? kernelShape[2] * kernelShape[3] : kernelShape[3];

  let activation = fusableActivation(config.activation);
  let output = step.output;
  let consumed = 0;
  const next = steps[index + 1];
  if (activation === 'linear' && next?.kind === 'batchNorm' && next.input === output && readers.get(output) === 1) {
    const folded = foldBatchNorm(kernel, outChannels, bias, await batchNormParams(next.layer));
    kernel = folded.kernel;
    bias = folded.bias;
    output = next.output;
    consumed++;
    stats.foldedBatchNorms++;
  }
  const after = steps[index + 1 + consumed];
  if (activation === 'linear' && after?.kind === 'activation' && after.input === output && readers.get(output) === 1) {
    activation = after.activation;
    output = after.output;
    consumed++;
    if (activation !== 'linear') stats.fusedActivations++;
  }
  const dilation = typeof config.dilationRate === 'number' ? [config.dilationRate, config.dilationRate] : config.dilationRate;
  return {
    op: {
      kind: 'conv',
      depthwise: step.depthwise,
      filter: keep(tf.tensor4d(kernel, kernelShape, 'float32')),
      bias: bias ? keep(tf.tensor1d(bias, 'float32')) : null,
      strides: [config.strides[0], config.strides[1]],
      pad: config.padding === 'same' ? 'same' : 'valid',
      dilations: [dilation[0], dilation[1]],
      activation,
      input: resolve(step.input),
      output,
    },
    consumed,
  };
}

async function simpleOp(
  step: Exclude<TrunkStep, { kind: 'conv' | 'identity' }>,
  keep: <T extends tf.Tensor>(tensor: T) => T,
  resolve: (name: string) => string,
): Promise<Op> {
  switch (step.kind) {
    case 'batchNorm': {
      const params = await batchNormParams(step.layer);
      return {
        kind: 'batchNorm',
        mean: keep(tf.tensor1d(params.movingMean)),
        variance: keep(tf.tensor1d(params.movingVariance)),
        offset: params.beta ? keep(tf.tensor1d(params.beta)) : undefined,
        scale: params.gamma ? keep(tf.tensor1d(params.gamma)) : undefined,
        epsilon: params.epsilon,
        input: resolve(step.input),
        output: step.output,
      };
    }
    case 'activation':
      return { kind: 'activation', activation: step.activation, input: resolve(step.input), output: step.output };
    case 'pad': {
      const [[top, bottom], [left, right]] = step.padding;
      return {
        kind: 'pad',
        paddings: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        input: resolve(step.input),
        output: step.output,
      };
    }
    case 'add':
      return { kind: 'add', inputs: step.inputs.map(resolve), output: step.output };
    case 'globalAveragePool':
      return { kind: 'globalAveragePool', input: resolve(step.input), output: step.output };
  }
}

function fusableActivation(name: string): FusedActivation {
  // readTrunkGraph lets only these through.
  if (name === 'linear' || name === 'relu' || name === 'relu6') return name;
  throw new Error(`A convolution with a ${name} activation cannot be folded.`);
}

/** Keras BatchNormalization weights, in tfjs' order: gamma (if scale), beta (if center), moving mean, moving variance. */
async function batchNormParams(layer: tf.layers.Layer): Promise<BatchNormParams> {
  const config = layer.getConfig() as { scale: boolean; center: boolean; epsilon: number };
  const weights = [...layer.getWeights()];
  const gamma = config.scale ? weights.shift() : undefined;
  const beta = config.center ? weights.shift() : undefined;
  const [movingMean, movingVariance] = weights;
  if (!movingMean || !movingVariance) throw new Error(`Batch normalisation "${layer.name}" lacks its moving statistics.`);
  return {
    gamma: gamma ? ((await gamma.data()) as Float32Array) : null,
    beta: beta ? ((await beta.data()) as Float32Array) : null,
    movingMean: (await movingMean.data()) as Float32Array,
    movingVariance: (await movingVariance.data()) as Float32Array,
    epsilon: config.epsilon,
  };
}

function countReaders(steps: TrunkStep[], output: string): Map<string, number> {
  const readers = new Map<string, number>([[output, 1]]);
  for (const step of steps) {
    for (const input of step.kind === 'add' ? step.inputs : [step.input]) readers.set(input, (readers.get(input) ?? 0) + 1);
  }
  return readers;
}

/** For each op, the values it is the last to read: they can be freed right after it runs. */
function lastReaders(ops: Op[]): string[][] {
  const lastUse = new Map<string, number>();
  ops.forEach((op, i) => {
    for (const input of op.kind === 'add' ? op.inputs : [op.input]) lastUse.set(input, i);
  });
  const frees: string[][] = ops.map(() => []);
  for (const [name, i] of lastUse) frees[i].push(name);
  return frees;
}

function run(ops: Op[], frees: string[][], inputName: string, outputName: string, batch: tf.Tensor4D, embeddingSize: number): tf.Tensor2D {
  const values = new Map<string, tf.Tensor>([[inputName, batch]]);
  const read = (name: string): tf.Tensor => {
    const value = values.get(name);
    if (!value) throw new Error(`The folded trunk reads "${name}" before it is computed.`);
    return value;
  };
  try {
    ops.forEach((op, i) => {
      values.set(op.output, apply(op, read));
      for (const name of frees[i]) {
        const value = values.get(name);
        if (value && value !== batch && name !== outputName) value.dispose();
        values.delete(name);
      }
    });
    const output = read(outputName);
    values.delete(outputName);
    if (output.rank !== 2 || output.shape[1] !== embeddingSize) {
      output.dispose();
      throw new Error(`The folded trunk produced shape [${output.shape}], expected [n, ${embeddingSize}].`);
    }
    return output as tf.Tensor2D;
  } finally {
    for (const value of values.values()) if (value !== batch) value.dispose();
  }
}

function apply(op: Op, read: (name: string) => tf.Tensor): tf.Tensor {
  switch (op.kind) {
    case 'conv': {
      const x = read(op.input) as tf.Tensor4D;
      // Explicit padding is handled at run time (computeConv2DInfo) though the fused ops'
      // signatures only declare 'same' | 'valid' | number; the tests run it on cpu and wasm.
      const pad = op.pad as 'same' | 'valid' | number;
      const args = {
        x,
        filter: op.filter,
        strides: op.strides,
        pad,
        dilations: op.dilations,
        bias: op.bias ?? undefined,
        activation: op.activation,
      };
      return op.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
    }
    case 'batchNorm':
      return tf.batchNorm(read(op.input) as tf.Tensor4D, op.mean, op.variance, op.offset, op.scale, op.epsilon);
    case 'activation': {
      const x = read(op.input);
      if (op.activation === 'relu') return tf.relu(x);
      if (op.activation === 'relu6') return tf.relu6(x);
      return tf.clone(x);
    }
    case 'pad':
      return tf.pad(read(op.input), op.paddings);
    case 'add':
      return op.inputs.length === 2 ? tf.add(read(op.inputs[0]), read(op.inputs[1])) : tf.addN(op.inputs.map(read));
    case 'globalAveragePool':
      return tf.mean(read(op.input), [1, 2]);
  }
}
