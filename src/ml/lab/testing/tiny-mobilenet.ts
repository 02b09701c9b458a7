import * as tf from '@tensorflow/tfjs';

/**
 * A MobileNet V2 in miniature for tests: the real layer names (Conv1_relu, expanded_conv_*,
 * block_N_*, block_2_add, Conv_1, out_relu), a skip connection, depthwise convolutions and
 * batch norms whose moving statistics are not the identity, so inference mode matters. Input
 * 16x16x3, output [4, 4, 12]. Seeded: the same call builds the same weights.
 */

export const TINY_MOBILENET_SIZE = 16;
export const TINY_MOBILENET_FEATURES = 12;

function init(seed: number): ReturnType<typeof tf.initializers.randomUniform> {
  return tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed });
}

export function buildTinyMobileNetV2(seed = 1): tf.LayersModel {
  let next = seed * 100;
  const s = () => next++;
  const bn = (x: Symbolic, name: string) =>
    tf.layers
      .batchNormalization({
        name,
        gammaInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: s() }),
        betaInitializer: init(s()),
        movingMeanInitializer: init(s()),
        movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 2, seed: s() }),
      })
      .apply(x) as Symbolic;
  const relu6 = (x: Symbolic, name: string) => tf.layers.reLU({ maxValue: 6, name }).apply(x) as Symbolic;
  const conv = (x: Symbolic, name: string, filters: number, kernelSize = 1, strides = 1) =>
    tf.layers
      .conv2d({ name, filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: init(s()) })
      .apply(x) as Symbolic;
  const depthwise = (x: Symbolic, name: string, strides = 1) =>
    tf.layers
      .depthwiseConv2d({ name, kernelSize: 3, strides, padding: 'same', useBias: false, depthwiseInitializer: init(s()) })
      .apply(x) as Symbolic;

  const input = tf.input({ shape: [TINY_MOBILENET_SIZE, TINY_MOBILENET_SIZE, 3], name: 'input_1' });
  let x = relu6(bn(conv(input, 'Conv1', 4, 3, 2), 'bn_Conv1'), 'Conv1_relu');
  x = relu6(bn(depthwise(x, 'expanded_conv_depthwise'), 'expanded_conv_depthwise_BN'), 'expanded_conv_depthwise_relu');
  x = bn(conv(x, 'expanded_conv_project', 4), 'expanded_conv_project_BN');
  const block = (input: Symbolic, n: number, filters: number, strides: number) => {
    let y = relu6(bn(conv(input, `block_${n}_expand`, filters * 2), `block_${n}_expand_BN`), `block_${n}_expand_relu`);
    y = relu6(bn(depthwise(y, `block_${n}_depthwise`, strides), `block_${n}_depthwise_BN`), `block_${n}_depthwise_relu`);
    return bn(conv(y, `block_${n}_project`, filters), `block_${n}_project_BN`);
  };
  const block1 = block(x, 1, 5, 2);
  const block2 = tf.layers.add({ name: 'block_2_add' }).apply([block1, block(block1, 2, 5, 1)]) as Symbolic;
  const block3 = block(block2, 3, 6, 1);
  x = relu6(bn(conv(block3, 'Conv_1', TINY_MOBILENET_FEATURES), 'Conv_1_bn'), 'out_relu');
  return tf.model({ inputs: input, outputs: x, name: 'tiny_mobilenet_v2' });
}

type Symbolic = tf.SymbolicTensor;
