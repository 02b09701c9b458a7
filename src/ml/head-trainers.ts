import * as tf from '@tensorflow/tfjs';
import { TensorAdam } from './optimizer/tensor-adam';
import { batchScratch, cutBatch, disposeBatch, wholeSet, type BatchScratch } from './head-batches';
import {
  batchGradients,
  headProbabilities,
  meanCrossEntropy,
  trueClassProbability,
  type HeadBatch,
  type HeadParameters,
} from './head-gradients';
import { OutputLayerJs } from './output-layer-js';
import { SimdAdam } from './optimizer/simd-adam';
import { wasmFloat32View } from './wasm-heap';

/**
 * The two ways the training loop (train-head.ts) runs an epoch. Both hold the hidden layer on
 * the backend (its 128 k weights are where the arithmetic is) and differ in the output layer:
 *  - BackendHeadTrainer keeps everything on the backend and reads it once per epoch: right for
 *    a GPU, where every read-back stalls the pipeline;
 *  - JsOutputHeadTrainer reads the hidden activations back every step and does the tiny output
 *    layer, the loss and their gradients in JS (output-layer-js.ts), and the hidden layer's Adam
 *    in one WebAssembly SIMD pass (optimizer/simd-adam.ts): on a CPU backend a read is a memcpy, and this
 *    saves some forty kernel launches and nine passes over the 128 k hidden weights per step.
 * Both compute what model.fit computes (train-head-reference.test.ts runs each against it).
 */

export interface EpochMetrics {
  loss: number;
  accuracy: number;
}

export interface EpochPass {
  /** Mean loss and accuracy over the epoch's batches; null when stopped part-way. */
  totals: EpochMetrics | null;
  stopRequested: boolean;
}

export interface HeadTrainer {
  /** One pass over the training set in `order`, checking shouldStop after every batch. */
  trainEpoch(order: readonly number[], batchSize: number, shouldStop: () => boolean): Promise<EpochPass>;
  /** Loss and accuracy of the current head on the validation set. */
  evaluate(): Promise<EpochMetrics>;
  /** Copies the trained weights into the head's kernels and biases. */
  writeBack(head: tf.Sequential): void;
  /** Frees everything the trainer made. */
  dispose(): void;
}

export interface TrainingData {
  train: { embeddings: Float32Array[]; labels: number[] };
  val: { embeddings: Float32Array[]; labels: number[] } | null;
  numClasses: number;
  learningRate: number;
}

/** Backends whose tensors live in CPU memory, so a read-back is a copy and not a GPU stall. */
const CPU_BACKENDS = new Set(['wasm', 'cpu', 'tensorflow']);

export type OutputLayerPlacement = 'auto' | 'backend' | 'js';

export async function createHeadTrainer(head: tf.Sequential, data: TrainingData, placement: OutputLayerPlacement): Promise<HeadTrainer> {
  const js = placement === 'js' || (placement === 'auto' && CPU_BACKENDS.has(tf.getBackend()));
  if (!js) return new BackendHeadTrainer(head, data);
  const params = trainingParameters(head);
  let hidden: HiddenLayerOptimizer;
  let output: Float32Array;
  try {
    output = (await params.output.data()) as Float32Array;
    hidden = await hiddenLayerOptimizer(params.hiddenT, data.learningRate);
  } catch (error) {
    tf.dispose([params.hiddenT, params.output]);
    throw error;
  }
  params.output.dispose();
  return new JsOutputHeadTrainer(hidden, output, data);
}

/** Owns the hidden layer's transposed kernel and updates it with Adam. */
interface HiddenLayerOptimizer {
  /** The current [H, inputSize + 1] weights, owned by the optimizer. */
  readonly weights: tf.Tensor2D;
  step(gradient: tf.Tensor2D): Promise<void>;
  dispose(): void;
}

/**
 * On CPU backends, Adam in one SIMD pass in JS memory (optimizer/simd-adam.ts) with the weights copied
 * back as a tensor each step; where WebAssembly SIMD is missing, TensorAdam's backend kernels.
 * Takes ownership of `weights`.
 */
async function hiddenLayerOptimizer(weights: tf.Tensor2D, learningRate: number): Promise<HiddenLayerOptimizer> {
  const simd = SimdAdam.create((await weights.data()) as Float32Array, { learningRate, epsilon: tf.backend().epsilon() });
  if (simd) {
    const shape = weights.shape;
    let current = weights;
    return {
      get weights() {
        return current;
      },
      async step(gradient) {
        simd.step(wasmFloat32View(gradient) ?? ((await gradient.data()) as Float32Array));
        const next = tf.tensor2d(simd.params, shape);
        current.dispose();
        current = next;
      },
      dispose: () => current.dispose(),
    };
  }
  const adam = new TensorAdam([weights.shape], { learningRate });
  let current = weights;
  return {
    get weights() {
      return current;
    },
    async step(gradient) {
      const [next] = adam.step([current], [gradient]) as [tf.Tensor2D];
      current.dispose();
      current = next;
    },
    dispose: () => {
      current.dispose();
      adam.dispose();
    },
  };
}

/** The head's kernels with their biases appended as a last row, the hidden one transposed. */
function trainingParameters(head: tf.Sequential): HeadParameters {
  return tf.tidy(() => {
    const [hiddenKernel, hiddenBias, outputKernel, outputBias] = head.getWeights();
    return {
      hiddenT: tf.transpose(tf.concat([hiddenKernel, tf.expandDims(hiddenBias, 0)], 0)) as tf.Tensor2D,
      output: tf.concat([outputKernel, tf.expandDims(outputBias, 0)], 0) as tf.Tensor2D,
    };
  });
}

/** [kernel; bias] -> [kernel, bias]. */
function splitAugmented(augmented: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  const [rows, columns] = [augmented.shape[0] - 1, augmented.shape[1]];
  // The bias is sliced out of the flattened matrix rather than reshaped from a [1, n] slice:
  // tfjs-wasm keeps a reshaped tensor's original shape with its data, and its fused matMul
  // then refuses the bias as rank 2.
  return [tf.slice(augmented, [0, 0], [rows, columns]), tf.slice(tf.reshape(augmented, [-1]), [rows * columns], [columns]) as tf.Tensor1D];
}

function setHeadWeights(head: tf.Sequential, makeValues: () => tf.Tensor[]): void {
  const values = tf.tidy(makeValues);
  try {
    head.setWeights(values);
  } finally {
    tf.dispose(values);
  }
}

function batchSizes(size: number, batchSize: number): number[] {
  const sizes: number[] = [];
  for (let start = 0; start < size; start += batchSize) sizes.push(Math.min(batchSize, size - start));
  return sizes;
}

/** Everything on the backend; one read per epoch. */
class BackendHeadTrainer implements HeadTrainer {
  private params: HeadParameters;
  private readonly adam: TensorAdam;
  private readonly val: { batch: HeadBatch; labels: tf.Tensor1D } | null = null;

  constructor(
    head: tf.Sequential,
    private readonly data: TrainingData,
  ) {
    this.params = trainingParameters(head);
    try {
      this.adam = new TensorAdam([this.params.hiddenT.shape, this.params.output.shape], { learningRate: data.learningRate });
      if (data.val)
        this.val = {
          batch: wholeSet(data.val.embeddings, data.val.labels, data.numClasses),
          labels: tf.tensor1d(data.val.labels, 'int32'),
        };
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  async trainEpoch(order: readonly number[], batchSize: number, shouldStop: () => boolean): Promise<EpochPass> {
    const { train, numClasses } = this.data;
    const scratch = batchScratch(batchSize, train.embeddings[0].length, numClasses);
    const trueProbabilities: tf.Tensor[] = [];
    const predictions: tf.Tensor[] = [];
    const totals = async (): Promise<EpochMetrics> => {
      const summary = tf.tidy(() => {
        const labels = tf.tensor1d(
          order.map((i) => train.labels[i]),
          'int32',
        );
        const loss = meanCrossEntropy(tf.concat(trueProbabilities) as tf.Tensor1D);
        const accuracy = tf.mean(tf.cast(tf.equal(tf.concat(predictions), labels), 'float32'));
        return tf.stack([loss, accuracy]);
      });
      const [loss, accuracy] = await summary.data();
      summary.dispose();
      return { loss, accuracy };
    };
    try {
      let start = 0;
      for (const size of batchSizes(order.length, batchSize)) {
        const batch = cutBatch(train.embeddings, train.labels, numClasses, order, start, size, scratch);
        start += size;
        const current = this.params;
        try {
          const step = batchGradients(current, batch);
          trueProbabilities.push(step.trueProbability);
          predictions.push(step.predicted);
          try {
            const [hiddenT, output] = this.adam.step([current.hiddenT, current.output], step.gradients) as [tf.Tensor2D, tf.Tensor2D];
            this.params = { hiddenT, output };
          } finally {
            tf.dispose(step.gradients);
          }
        } finally {
          disposeBatch(batch);
        }
        tf.dispose([current.hiddenT, current.output]);
        if (shouldStop()) return { totals: start >= order.length ? await totals() : null, stopRequested: true };
      }
      return { totals: await totals(), stopRequested: false };
    } finally {
      tf.dispose([...trueProbabilities, ...predictions]);
    }
  }

  async evaluate(): Promise<EpochMetrics> {
    const val = this.val;
    if (!val) throw new Error('There is no validation set to evaluate.');
    const summary = tf.tidy(() => {
      const probabilities = headProbabilities(this.params, val.batch.columns);
      const loss = meanCrossEntropy(trueClassProbability(probabilities, val.batch.oneHot));
      const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(probabilities, -1), val.labels), 'float32'));
      return tf.stack([loss, accuracy]);
    });
    const [loss, accuracy] = await summary.data();
    summary.dispose();
    return { loss, accuracy };
  }

  writeBack(head: tf.Sequential): void {
    setHeadWeights(head, () => [
      ...splitAugmented(tf.transpose(this.params.hiddenT) as tf.Tensor2D),
      ...splitAugmented(this.params.output),
    ]);
  }

  dispose(): void {
    tf.dispose([this.params.hiddenT, this.params.output]);
    this.adam?.dispose();
    if (this.val) {
      disposeBatch(this.val.batch);
      this.val.labels.dispose();
    }
  }
}

/** The hidden layer on the backend, the output layer in JS; one small read-back per step. */
class JsOutputHeadTrainer implements HeadTrainer {
  private readonly output: OutputLayerJs;
  private scratch: BatchScratch | null = null;
  private readonly valColumns: tf.Tensor2D | null = null;

  /** Takes ownership of `hidden`; `output` is the [(H + 1) x C] augmented output kernel. */
  constructor(
    private readonly hidden: HiddenLayerOptimizer,
    output: Float32Array,
    private readonly data: TrainingData,
  ) {
    try {
      const hiddenUnits = hidden.weights.shape[0];
      this.output = new OutputLayerJs(output, hiddenUnits, data.numClasses, {
        learningRate: data.learningRate,
        epsilon: tf.backend().epsilon(),
      });
      if (data.val) {
        const batch = wholeSet(data.val.embeddings, data.val.labels, data.numClasses);
        this.valColumns = batch.columns;
        tf.dispose([batch.rows, batch.oneHot]);
      }
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  /** The hidden layer's ReLU activations for `columns`, read back as [H, n]. */
  private async hiddenActivations(columns: tf.Tensor2D): Promise<Float32Array> {
    const hidden = tf.fused.matMul({ a: this.hidden.weights, b: columns, activation: 'relu' });
    try {
      return (await hidden.data()) as Float32Array;
    } finally {
      hidden.dispose();
    }
  }

  async trainEpoch(order: readonly number[], batchSize: number, shouldStop: () => boolean): Promise<EpochPass> {
    const { train, numClasses } = this.data;
    const hiddenUnits = this.hidden.weights.shape[0];
    const scratch = (this.scratch ??= batchScratch(batchSize, train.embeddings[0].length, numClasses));
    let lossSum = 0;
    let correct = 0;
    let start = 0;
    for (const size of batchSizes(order.length, batchSize)) {
      const batch = cutBatch(train.embeddings, train.labels, numClasses, order, start, size, scratch);
      const labels = order.slice(start, start + size).map((i) => train.labels[i]);
      start += size;
      try {
        const outcome = this.output.trainStep(await this.hiddenActivations(batch.columns), labels);
        lossSum += outcome.lossSum;
        correct += outcome.correct;
        const gradient = tf.tidy(() => tf.matMul(tf.tensor2d(outcome.hiddenGradientT, [hiddenUnits, size]), batch.rows) as tf.Tensor2D);
        try {
          await this.hidden.step(gradient);
        } finally {
          gradient.dispose();
        }
      } finally {
        disposeBatch(batch);
      }
      if (shouldStop()) {
        const totals = start >= order.length ? { loss: lossSum / order.length, accuracy: correct / order.length } : null;
        return { totals, stopRequested: true };
      }
    }
    return { totals: { loss: lossSum / order.length, accuracy: correct / order.length }, stopRequested: false };
  }

  async evaluate(): Promise<EpochMetrics> {
    const val = this.data.val;
    if (!val || !this.valColumns) throw new Error('There is no validation set to evaluate.');
    const { lossSum, correct } = this.output.evaluate(await this.hiddenActivations(this.valColumns), val.labels);
    return { loss: lossSum / val.labels.length, accuracy: correct / val.labels.length };
  }

  writeBack(head: tf.Sequential): void {
    const { hiddenUnits, numClasses, params } = this.output;
    setHeadWeights(head, () => [
      ...splitAugmented(tf.transpose(this.hidden.weights) as tf.Tensor2D),
      tf.tensor2d(params.subarray(0, hiddenUnits * numClasses), [hiddenUnits, numClasses]),
      tf.tensor1d(params.subarray(hiddenUnits * numClasses)),
    ]);
  }

  dispose(): void {
    this.hidden.dispose();
    this.valColumns?.dispose();
  }
}
