import * as tf from '@tensorflow/tfjs';

/**
 * [n, S, S, 3] -> [2n, S, S, 3]: the batch, then each image flipped left to right (axis 2 is the
 * width). Kept apart from mirror-views.ts so the decode worker's second embedder can use it
 * without the rest of src/ml.
 */
export function stackWithMirrors(batch: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.concat([batch, tf.reverse(batch, 2)], 0));
}
