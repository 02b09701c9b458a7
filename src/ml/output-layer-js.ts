/**
 * The head's output layer, Dense(C, softmax) under categorical cross-entropy, with its gradients
 * and its Adam update, in plain JS over Float32Arrays. Used by the training loop on CPU-resident
 * backends (wasm, cpu), where reading the hidden activations back costs a memcpy: the output
 * layer is tiny ([H + 1] x C, a few hundred weights) but as backend kernels it took about twenty
 * launches per step and ten more for its Adam update, each costing more in bookkeeping than the
 * arithmetic. Here it is a few microseconds of loops. (On a GPU backend the read-back would
 * stall the pipeline every step, so the loop keeps head-gradients.ts there.)
 *
 * Same arithmetic as tfjs: softmax with the row maximum subtracted, Keras' clipped cross-entropy
 * (a row whose true-class probability lies outside [eps, 1 - eps] has zero gradient), and
 * tf.train.adam's update with its float32 bias corrections (optimizer/js-adam.ts); values are stored as float32.
 */

import { PROBABILITY_EPSILON } from './head-gradients';
import { JsAdam } from './optimizer/js-adam';

export interface OutputLayerAdam {
  learningRate: number;
  epsilon: number;
  beta1?: number;
  beta2?: number;
}

export interface BatchOutcome {
  /** d(mean loss)/d(hidden activations), as columns [H, n] (zero where the ReLU was off). */
  hiddenGradientT: Float32Array;
  /** Sum over the batch of each row's clipped cross-entropy. */
  lossSum: number;
  /** Rows whose most probable class is their label. */
  correct: number;
}

export class OutputLayerJs {
  /** [(H + 1) x C] row-major: the kernel with the bias as its last row. */
  readonly params: Float32Array;
  private readonly optimizer: JsAdam;

  constructor(
    initial: Float32Array,
    readonly hiddenUnits: number,
    readonly numClasses: number,
    adam: OutputLayerAdam,
  ) {
    if (initial.length !== (hiddenUnits + 1) * numClasses) {
      throw new Error(`The output layer needs ${(hiddenUnits + 1) * numClasses} values, got ${initial.length}.`);
    }
    this.params = Float32Array.from(initial);
    this.optimizer = new JsAdam(this.params, adam);
  }

  /** Probabilities [n x C] for hidden activations given as columns [H, n]. */
  private probabilities(hiddenT: Float32Array, n: number): Float64Array {
    const { hiddenUnits: H, numClasses: C, params } = this;
    const probabilities = new Float64Array(n * C);
    for (let i = 0; i < n; i++) {
      const row = i * C;
      for (let c = 0; c < C; c++) probabilities[row + c] = params[H * C + c];
      for (let h = 0; h < H; h++) {
        const activation = hiddenT[h * n + i];
        if (activation === 0) continue;
        for (let c = 0; c < C; c++) probabilities[row + c] += activation * params[h * C + c];
      }
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, probabilities[row + c]);
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(probabilities[row + c] - max);
        probabilities[row + c] = e;
        sum += e;
      }
      for (let c = 0; c < C; c++) probabilities[row + c] = Math.fround(probabilities[row + c] / sum);
    }
    return probabilities;
  }

  /** Loss sum and correct count of a batch without training (validation). */
  evaluate(hiddenT: Float32Array, labels: ArrayLike<number>): { lossSum: number; correct: number } {
    const n = labels.length;
    const probabilities = this.probabilities(hiddenT, n);
    let lossSum = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      lossSum += rowLoss(probabilities, i, this.numClasses, labels[i]);
      if (argMax(probabilities, i, this.numClasses) === labels[i]) correct++;
    }
    return { lossSum, correct };
  }

  /**
   * Forward and backward through the output layer for one batch of the batch's mean loss, then
   * one Adam step on the output layer. The gradient for the hidden layer uses the weights as
   * they were before the step, as a simultaneous update of both layers does.
   */
  trainStep(hiddenT: Float32Array, labels: ArrayLike<number>): BatchOutcome {
    const { hiddenUnits: H, numClasses: C, params } = this;
    const n = labels.length;
    const probabilities = this.probabilities(hiddenT, n);
    const logitGradient = new Float64Array(n * C);
    let lossSum = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const label = labels[i];
      lossSum += rowLoss(probabilities, i, C, label);
      if (argMax(probabilities, i, C) === label) correct++;
      const trueProbability = probabilities[i * C + label];
      if (trueProbability < PROBABILITY_EPSILON || trueProbability > 1 - PROBABILITY_EPSILON) continue;
      for (let c = 0; c < C; c++) logitGradient[i * C + c] = (probabilities[i * C + c] - (c === label ? 1 : 0)) / n;
    }
    const gradient = new Float64Array(params.length);
    const hiddenGradientT = new Float32Array(H * n);
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < n; i++) {
        const activation = hiddenT[h * n + i];
        let back = 0;
        for (let c = 0; c < C; c++) {
          const g = logitGradient[i * C + c];
          gradient[h * C + c] += activation * g;
          back += g * params[h * C + c];
        }
        // Through the ReLU: activations are relu outputs, so > 0 exactly where it passed.
        hiddenGradientT[h * n + i] = activation > 0 ? back : 0;
      }
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) gradient[H * C + c] += logitGradient[i * C + c];
    this.optimizer.step(gradient);
    return { hiddenGradientT, lossSum, correct };
  }
}

function rowLoss(probabilities: Float64Array, row: number, numClasses: number, label: number): number {
  const p = probabilities[row * numClasses + label];
  return -Math.log(Math.min(Math.max(p, PROBABILITY_EPSILON), 1 - PROBABILITY_EPSILON));
}

/** The first index of the row's largest value, as tf.argMax picks it. */
function argMax(values: Float64Array, row: number, numClasses: number): number {
  let best = 0;
  for (let c = 1; c < numClasses; c++) if (values[row * numClasses + c] > values[row * numClasses + best]) best = c;
  return best;
}
