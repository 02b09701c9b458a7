import * as tf from '@tensorflow/tfjs';

/**
 * The from-scratch baseline: a small convolutional network on small raw images, the kind a
 * student would write first. Three blocks of 3x3 convolution + ReLU + 2x2 max pooling (8, 16
 * and 32 filters), then global average pooling into a feature vector. The classifier on top is
 * the same dense head the other strategies use, so only where the features come from differs.
 * At 64x64 px it costs about 3 million multiply-adds per image forward; twice the filters
 * (16-32-64) cost 3.5x as much and, measured in the browser, took a third of the whole
 * two-minute budget for 3 seeds on their own.
 */

export const SCRATCH_FILTERS = [8, 16, 32] as const;

/** image [size, size, 3] in [-1, 1] -> feature vector [64]; seeded He initialisation. */
export function createScratchFeatures(imageSize: number, seed: number): tf.LayersModel {
  if (!Number.isInteger(imageSize) || imageSize < 8) throw new Error(`The scratch CNN needs images of at least 8 px, got ${imageSize}.`);
  const input = tf.input({ shape: [imageSize, imageSize, 3], name: 'scratch_image' });
  let x: tf.SymbolicTensor = input;
  SCRATCH_FILTERS.forEach((filters, i) => {
    x = tf.layers
      .conv2d({
        name: `scratch_conv_${i + 1}`,
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ name: `scratch_pool_${i + 1}`, poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  });
  const features = tf.layers.globalAveragePooling2d({ name: 'scratch_features' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: features, name: 'scratch_cnn' });
}

export const SCRATCH_FEATURES = SCRATCH_FILTERS[SCRATCH_FILTERS.length - 1];
