import * as tf from '@tensorflow/tfjs';

/** Backend memory bookkeeping. */

/** Live tensors on the active backend; tests compare it before and after to catch leaks. */
export function countTensors(): number {
  return tf.memory().numTensors;
}

/**
 * Disposes a layers model and every weight it reaches. tfjs reference counting misses layers
 * applied inside a nested Sequential: the head of a Teachable Machine-style model (ours once
 * reloaded, or theirs) keeps its weights after model.dispose(). So the variables are collected
 * first and whatever survives dispose() is freed directly. The model is unusable afterwards,
 * as are other models sharing its layers.
 */
export function disposeModelFully(model: tf.LayersModel): void {
  const variables = new Set(model.weights.map((weight) => weight.read()));
  try {
    model.dispose();
  } finally {
    for (const variable of variables) {
      if (!variable.isDisposed) variable.dispose();
    }
  }
}
