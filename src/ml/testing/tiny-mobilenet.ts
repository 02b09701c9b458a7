import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';

/**
 * Small MobileNet look-alikes with every layer kind the folded executor handles, wired the way
 * Keras' MobileNet V1 and V2 are (ZeroPadding2D before 'valid' stride-2 convolutions, batch
 * norm after every convolution, ReLU(6) and Activation('relu6'), residual Add, depthwise
 * convolutions with multipliers, GlobalAveragePooling2D). Batch-norm statistics are set to
 * seeded random values: with the defaults (mean 0, variance 1) folding would test nothing.
 */

export const TINY_MOBILENET_SIZE = 16;

const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

function bn(name: string, x: tf.SymbolicTensor, options: { center?: boolean; scale?: boolean } = {}): tf.SymbolicTensor {
  return tf.layers.batchNormalization({ name, epsilon: 1e-3, ...options }).apply(x) as tf.SymbolicTensor;
}

function relu6(name: string, x: tf.SymbolicTensor): tf.SymbolicTensor {
  return tf.layers.reLU({ name, maxValue: 6 }).apply(x) as tf.SymbolicTensor;
}

/** V2-like: pad + valid stride-2 conv, an inverted residual block with Add, out_relu, pooling. */
export function buildTinyMobileNetV2(): tf.LayersModel {
  const input = tf.input({ shape: [TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 3], name: 'input_1' });
  let x = tf.layers
    .zeroPadding2d({
      name: 'Conv1_pad',
      padding: [
        [0, 1],
        [0, 1],
      ],
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers
    .conv2d({ name: 'Conv1', filters: 8, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, kernelInitializer: seeded(1) })
    .apply(x) as tf.SymbolicTensor;
  x = relu6('Conv1_relu', bn('bn_Conv1', x));
  // Inverted residual: expand 1x1, depthwise 3x3, project 1x1 (linear), add.
  let y = tf.layers
    .conv2d({ name: 'block_1_expand', filters: 16, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: seeded(2) })
    .apply(x) as tf.SymbolicTensor;
  y = relu6('block_1_expand_relu', bn('block_1_expand_BN', y));
  y = tf.layers
    .depthwiseConv2d({ name: 'block_1_depthwise', kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: seeded(3) })
    .apply(y) as tf.SymbolicTensor;
  y = relu6('block_1_depthwise_relu', bn('block_1_depthwise_BN', y));
  y = tf.layers
    .conv2d({ name: 'block_1_project', filters: 8, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: seeded(4) })
    .apply(y) as tf.SymbolicTensor;
  y = bn('block_1_project_BN', y);
  x = tf.layers.add({ name: 'block_1_add' }).apply([x, y]) as tf.SymbolicTensor;
  // A stride-2 depthwise step behind explicit padding, with a bias and a multiplier.
  x = tf.layers
    .zeroPadding2d({
      name: 'block_2_pad',
      padding: [
        [0, 1],
        [0, 1],
      ],
    })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .depthwiseConv2d({
      name: 'block_2_depthwise',
      kernelSize: 3,
      strides: 2,
      depthMultiplier: 2,
      padding: 'valid',
      useBias: true,
      depthwiseInitializer: seeded(5),
      biasInitializer: 'glorotUniform',
    })
    .apply(x) as tf.SymbolicTensor;
  x = relu6('block_2_depthwise_relu', bn('block_2_depthwise_BN', x, { center: false }));
  x = tf.layers
    .conv2d({ name: 'Conv_1', filters: 12, kernelSize: 1, useBias: false, kernelInitializer: seeded(6) })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'out_relu', maxValue: 6 }).apply(bn('Conv_1_bn', x, { scale: false })) as tf.SymbolicTensor;
  const inner = tf.model({ inputs: input, outputs: x, name: 'tiny_mobilenet_v2' });
  randomiseBatchNorm(inner, 21);
  return tf.sequential({ name: 'tiny_v2_trunk', layers: [inner, tf.layers.globalAveragePooling2d({ name: 'tiny_v2_pool' })] });
}

export const TINY_MOBILENET_V2_FEATURES = 12;

/** V1-like: 'same' stride-2 convolutions, Activation('relu6'), a plain ReLU, pooling then a classifier. */
export function buildTinyMobileNetV1(): tf.LayersModel {
  const input = tf.input({ shape: [TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 3], name: 'input_1' });
  let x = tf.layers
    .conv2d({ name: 'conv1', filters: 6, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: seeded(11) })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'conv1_relu', activation: 'relu6' }).apply(bn('conv1_bn', x)) as tf.SymbolicTensor;
  x = tf.layers
    .depthwiseConv2d({ name: 'conv_dw_1', kernelSize: 3, strides: 2, padding: 'same', useBias: false, depthwiseInitializer: seeded(12) })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'conv_dw_1_relu', activation: 'relu6' }).apply(bn('conv_dw_1_bn', x)) as tf.SymbolicTensor;
  x = tf.layers
    .conv2d({
      name: 'conv_pw_1',
      filters: 10,
      kernelSize: 1,
      useBias: true,
      kernelInitializer: seeded(13),
      biasInitializer: 'glorotUniform',
    })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'conv_pw_1_relu' }).apply(bn('conv_pw_1_bn', x)) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(x) as tf.SymbolicTensor;
  const dropped = tf.layers.dropout({ name: 'dropout', rate: 0.001 }).apply(pooled) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'preds', units: 4, activation: 'softmax', kernelInitializer: seeded(14) })
    .apply(dropped) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits, name: 'tiny_mobilenet_v1' });
  randomiseBatchNorm(model, 31);
  return model;
}

export const TINY_MOBILENET_V1_FEATURES = 10;

/** Gives every batch normalisation seeded, non-trivial gamma, beta and moving statistics. */
function randomiseBatchNorm(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  const uniform = (n: number, low: number, high: number) => Float32Array.from({ length: n }, () => low + (high - low) * rng());
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const config = layer.getConfig() as { scale: boolean; center: boolean };
    const weights = layer.getWeights();
    const n = weights[0].shape[0];
    const values: tf.Tensor[] = [];
    if (config.scale) values.push(tf.tensor1d(uniform(n, 0.5, 1.5)));
    if (config.center) values.push(tf.tensor1d(uniform(n, -0.5, 0.5)));
    values.push(tf.tensor1d(uniform(n, -0.5, 0.5)), tf.tensor1d(uniform(n, 0.5, 2)));
    layer.setWeights(values);
    tf.dispose(values);
  }
}
