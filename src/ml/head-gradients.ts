import * as tf from '@tensorflow/tfjs';

/**
 * The forward pass and hand-written gradients of the head, Dense(H, relu) -> Dense(C, softmax)
 * under categorical cross-entropy, for the training loop. Writing them out (instead of a
 * gradient tape over layers) is what makes a training step a fixed, short list of kernels.
 *
 * Layout choices, each worth a measurable share of a step on the wasm backend:
 *  - Each bias rides as the last row of its kernel ("augmented" parameters) and each input
 *    carries a trailing 1: every Dense is one matMul, each bias gradient falls out of its
 *    kernel's gradient matMul, and Adam has two parameters to update instead of four (Adam is
 *    elementwise, so updating [kernel; bias] together equals updating them apart).
 *  - The big hidden kernel is kept transposed, [H, inputSize + 1], and the batch is given both
 *    ways round (rows and columns, cut once per epoch). Then both big matMuls are plain,
 *    untransposed products whose right-hand side is the batch: tfjs-wasm runs only untransposed
 *    products through XNNPACK (a transposed one falls back to a naive loop, ~10x slower here),
 *    and XNNPACK re-packs the right-hand side whenever it changes, which for the batch is once
 *    per epoch rather than, for a kernel that changes every step, every step.
 */

export interface HeadParameters {
  /** [hiddenUnits, inputSize + 1]: the hidden kernel, transposed, with the hidden bias as its last column. */
  hiddenT: tf.Tensor2D;
  /** [hiddenUnits + 1, numClasses]: the output kernel with the output bias as its last row. */
  output: tf.Tensor2D;
}

/** One batch, both ways round; each row of `rows` ends with a 1 for the bias. */
export interface HeadBatch {
  /** [n, inputSize + 1] */
  rows: tf.Tensor2D;
  /** [inputSize + 1, n] */
  columns: tf.Tensor2D;
  /** [n, numClasses] */
  oneHot: tf.Tensor2D;
}

// Keras' epsilon: the loss clips probabilities to [EPSILON, 1 - EPSILON] so log() stays finite.
export const PROBABILITY_EPSILON = 1e-7;

/** Class probabilities [n, C] for inputs given as columns [inputSize + 1, n]. */
export function headProbabilities(head: HeadParameters, columns: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const hidden = tf.transpose(tf.fused.matMul({ a: head.hiddenT, b: columns, activation: 'relu' })) as tf.Tensor2D;
    return tf.softmax(tf.matMul(withOnes(hidden), head.output)) as tf.Tensor2D;
  });
}

/** The probability each row gives its true class: [n]. */
export function trueClassProbability(probabilities: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(probabilities, oneHot), -1);
}

/** Mean categorical cross-entropy from each row's true-class probability, clipped like Keras. */
export function meanCrossEntropy(trueProbability: tf.Tensor1D): tf.Scalar {
  return tf.neg(tf.mean(tf.log(tf.clipByValue(trueProbability, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON)))) as tf.Scalar;
}

export interface BatchGradients {
  /** d(mean loss)/d(hiddenT), d(mean loss)/d(output): shaped like the parameters. */
  gradients: [tf.Tensor2D, tf.Tensor2D];
  /** [n]: for the epoch's loss, reduced once per epoch from all batches. */
  trueProbability: tf.Tensor1D;
  /** [n] int32 argmax: for the epoch's accuracy. */
  predicted: tf.Tensor1D;
}

/**
 * Gradients of the batch's mean cross-entropy. For softmax + cross-entropy they reduce to
 * (p - y) / n per row; Keras clips p before the log, so a row whose true-class probability lies
 * outside [eps, 1 - eps] contributes nothing, exactly as the clip's zero gradient does there.
 */
export function batchGradients(head: HeadParameters, batch: HeadBatch): BatchGradients {
  return tf.tidy(() => {
    const size = batch.rows.shape[0];
    const hiddenUnits = head.hiddenT.shape[0];
    const hiddenT = tf.fused.matMul({ a: head.hiddenT, b: batch.columns, activation: 'relu' });
    const hiddenWithOnes = withOnes(tf.transpose(hiddenT) as tf.Tensor2D);
    const probabilities = tf.softmax(tf.matMul(hiddenWithOnes, head.output)) as tf.Tensor2D;
    const trueProbability = trueClassProbability(probabilities, batch.oneHot);
    const inRange = tf.equal(tf.clipByValue(trueProbability, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON), trueProbability);
    const rowWeight = tf.reshape(tf.div(tf.cast(inRange, 'float32'), size), [size, 1]);
    const logitGradient = tf.mul(tf.sub(probabilities, batch.oneHot), rowWeight);
    // Tiny products ([H+1, n] x [n, C]): the naive transposed path costs nothing here.
    const outputGradient = tf.matMul(hiddenWithOnes, logitGradient, true, false);
    // Back through the output Dense (without its bias row) and the ReLU, kept as columns.
    const hiddenGradientT = tf.mul(
      tf.slice(tf.matMul(head.output, tf.transpose(logitGradient)), [0, 0], [hiddenUnits, size]),
      tf.step(hiddenT),
    );
    const hiddenKernelGradientT = tf.matMul(hiddenGradientT, batch.rows);
    return {
      gradients: [hiddenKernelGradientT, outputGradient] as [tf.Tensor2D, tf.Tensor2D],
      trueProbability,
      predicted: tf.argMax(probabilities, -1) as tf.Tensor1D,
    };
  });
}

/** [n, k] -> [n, k + 1] with a trailing column of ones. */
export function withOnes(values: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.concat([values, tf.ones([values.shape[0], 1])], 1));
}
