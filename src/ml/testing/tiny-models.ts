import * as tf from '@tensorflow/tfjs';

/**
 * Small generated stand-ins for each trunk layout the app recognises, built with seeded
 * initialisers so tests are reproducible. Image size 16, a handful of channels: fast on the
 * CPU backend.
 */

export const TINY_IMAGE_SIZE = 16;

function seeded(seed: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed });
}

function imageInput(): tf.SymbolicTensor {
  return tf.input({ shape: [TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3] });
}

function convBlock(input: tf.SymbolicTensor, filters: number, seed: number, prefix: string): tf.SymbolicTensor {
  const conv = tf.layers
    .conv2d({ name: `${prefix}_conv`, filters, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: seeded(seed) })
    .apply(input) as tf.SymbolicTensor;
  // Batch norm brings non-trainable weights (moving statistics) into the picture, as in MobileNet.
  return tf.layers.batchNormalization({ name: `${prefix}_bn` }).apply(conv) as tf.SymbolicTensor;
}

/** Like MobileNet V1's classifier: features, a layer named global_average_pooling2d_1, then more layers. */
export function buildV1StyleModel(): tf.LayersModel {
  const input = imageInput();
  const features = tf.layers.reLU({ name: 'v1_relu' }).apply(convBlock(input, 4, 1, 'v1')) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(features) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'v1_predictions', units: 5, activation: 'softmax', kernelInitializer: seeded(2) })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'tiny_v1' });
}

export const TINY_V1_EMBEDDING_SIZE = 4;

/**
 * Like MobileNet V2 no_top: a functional model ending in a layer named out_relu, [4, 4, 6].
 * With `extraLayers`, more layers follow out_relu, so cutting has to truncate.
 */
export function buildV2NoTopStyleModel(options: { extraLayers?: boolean; name?: string } = {}): tf.LayersModel {
  const input = imageInput();
  const first = tf.layers.reLU({ name: 'v2_relu' }).apply(convBlock(input, 5, 3, 'v2a')) as tf.SymbolicTensor;
  const outRelu = tf.layers.reLU({ name: 'out_relu' }).apply(convBlock(first, 6, 4, 'v2b')) as tf.SymbolicTensor;
  const output = options.extraLayers ? (tf.layers.flatten({ name: 'v2_flatten' }).apply(outRelu) as tf.SymbolicTensor) : outRelu;
  return tf.model({ inputs: input, outputs: output, name: options.name ?? 'tiny_v2_no_top' });
}

export const TINY_V2_EMBEDDING_SIZE = 6;

/** Like the mirrored mobilenet_v2_0.35_224: Sequential[functional no_top model, pooling]. */
export function buildV2SequentialStyleModel(): tf.Sequential {
  return tf.sequential({
    name: 'tiny_v2_sequential',
    layers: [buildV2NoTopStyleModel({ name: 'tiny_v2_inner' }), tf.layers.globalAveragePooling2d({ name: 'tiny_v2_pool' })],
  });
}

/** Like a Teachable Machine export: Sequential[Sequential[model, pooling], Sequential[Dense, Dense]]. */
export function buildTeachableMachineStyleModel(): tf.Sequential {
  const trunk = tf.sequential({
    name: 'tm_trunk',
    layers: [buildV2NoTopStyleModel({ name: 'tm_mobilenet' }), tf.layers.globalAveragePooling2d({ name: 'tm_pool' })],
  });
  const head = tf.sequential({
    name: 'tm_head',
    layers: [
      tf.layers.dense({
        name: 'tm_hidden',
        inputShape: [TINY_V2_EMBEDDING_SIZE],
        units: 5,
        activation: 'relu',
        kernelInitializer: seeded(5),
      }),
      tf.layers.dense({ name: 'tm_output', units: 2, activation: 'softmax', kernelInitializer: seeded(6) }),
    ],
  });
  return tf.sequential({ name: 'tm_export', layers: [trunk, head] });
}

/** A plain model that already maps images to vectors: Sequential[conv, pooling]. */
export function buildEmbeddingModel(): tf.Sequential {
  return tf.sequential({
    name: 'tiny_embedder',
    layers: [
      tf.layers.conv2d({
        name: 'embedder_conv',
        inputShape: [TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3],
        filters: 3,
        kernelSize: 3,
        kernelInitializer: seeded(7),
      }),
      tf.layers.globalAveragePooling2d({ name: 'embedder_pool' }),
    ],
  });
}

/** No image input at all: vectors in, vectors out. */
export function buildVectorModel(): tf.Sequential {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 2, kernelInitializer: seeded(8) })] });
}

/** An image model whose output is a feature map and that has none of the known layer names. */
export function buildUnknownFeatureMapModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [TINY_IMAGE_SIZE, TINY_IMAGE_SIZE, 3], filters: 2, kernelSize: 3, kernelInitializer: seeded(9) }),
    ],
  });
}

/** Every layer of a model, descending into nested models. */
export function allLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((layer) => (layer instanceof tf.LayersModel ? [layer, ...allLayers(layer)] : [layer]));
}
