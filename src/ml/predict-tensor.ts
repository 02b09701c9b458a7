import * as tf from '@tensorflow/tfjs';

/**
 * model.predict() is typed as Tensor | Tensor[]; every model in this app has exactly one
 * output, so narrow it in one place and fail loudly otherwise.
 */
export function predictTensor(model: tf.LayersModel, input: tf.Tensor): tf.Tensor {
  const output = model.predict(input);
  if (Array.isArray(output)) {
    tf.dispose(output);
    throw new Error(`Model "${model.name}" has ${output.length} outputs; expected one.`);
  }
  return output;
}
