import * as tf from '@tensorflow/tfjs';

/** The small trainable classifier that sits on top of the frozen trunk's embeddings. */

export interface HeadConfig {
  inputSize: number;
  hiddenUnits: number;
  numClasses: number;
  seed: number;
}

/**
 * Layer names are fixed and prefixed: the head is nested next to a trunk in the exported model,
 * where tfjs needs unique layer and weight names. Auto-generated names (sequential_8,
 * dense_Dense1, ...) come from a per-process counter and can collide with names inside a
 * loaded Teachable Machine trunk.
 */
export const HEAD_NAMES = {
  model: 'transfer_lab_head',
  hidden: 'transfer_lab_head_hidden',
  output: 'transfer_lab_head_output',
} as const;

/** Dense(hiddenUnits, relu) -> Dense(numClasses, softmax), with seeded initial weights. */
export function createHead(config: HeadConfig): tf.Sequential {
  const { inputSize, hiddenUnits, numClasses, seed } = config;
  for (const [name, value] of Object.entries({ inputSize, hiddenUnits, numClasses })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`Head ${name} must be a positive integer, got ${value}.`);
    }
  }
  return tf.sequential({
    name: HEAD_NAMES.model,
    layers: [
      tf.layers.dense({
        name: HEAD_NAMES.hidden,
        inputShape: [inputSize],
        units: hiddenUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        name: HEAD_NAMES.output,
        units: numClasses,
        activation: 'softmax',
        // A different seed so the two kernels are not drawn from the same stream.
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
}
