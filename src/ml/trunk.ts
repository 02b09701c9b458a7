import * as tf from '@tensorflow/tfjs';
import { disposeModelFully } from './memory';
import { predictTensor } from './predict-tensor';

/**
 * A trunk is a frozen, pretrained image model cut so that it maps images to one embedding
 * vector each. This module recognises the shapes such models come in (MobileNet V1 classifier,
 * MobileNet V2 "no_top", Teachable Machine's nested Sequential, or a ready embedding model) and
 * cuts them without copying weights.
 */

/** Which recognised shape the source model had. */
export type TrunkLayout = 'v1-classifier' | 'v2-no-top' | 'sequential-trunk' | 'embedding-model';

export interface Trunk {
  id: string;
  /** Input [null, S, S, 3] scaled to [-1, 1]; output [null, embeddingSize]. */
  model: tf.LayersModel;
  layout: TrunkLayout;
  embeddingSize: number;
  imageSize: number;
}

/** The model fits none of the known trunk layouts; the message is meant for the user. */
export class TrunkFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrunkFormatError';
  }
}

/** MobileNet V1 (Keras/tfjs-models) pools its last feature map in this layer. */
export const V1_EMBEDDING_LAYER = 'global_average_pooling2d_1';
/** MobileNet V2's last feature map, [7, 7, 1280] at alpha 0.35 (needs pooling). */
export const V2_FEATURE_LAYER = 'out_relu';

// The trunk model is often a new container around part of the loaded model; only the loaded
// model reaches every weight (including the parts cut away), so remember it per trunk model.
const sourceModels = new WeakMap<tf.LayersModel, tf.LayersModel>();

/**
 * Cuts `model` into a frozen trunk. Tries, in order: (a) a layer named
 * global_average_pooling2d_1 (MobileNet V1), (b) a layer named out_relu plus a new global
 * average pooling (MobileNet V2 no_top), (c) a first layer that is itself a model, cut
 * recursively (Teachable Machine exports, Sequential[V2, pooling]), (d) a model whose output is
 * already one vector per image. The trunk shares the source model's weights.
 */
export function cutTrunk(model: tf.LayersModel, id: string): Trunk {
  const imageSize = imageSizeOf(model);
  const { trunkModel, layout } = findTrunk(model);
  const embeddingSize = embeddingSizeOf(trunkModel);
  if (imageSizeOf(trunkModel) !== imageSize) {
    throw new TrunkFormatError(
      `The image part of this model expects ${imageSizeOf(trunkModel)}px images but the model takes ${imageSize}px.`,
    );
  }
  freeze(trunkModel);
  sourceModels.set(trunkModel, sourceModels.get(model) ?? model);
  return { id, model: trunkModel, layout, embeddingSize, imageSize };
}

/** Loads a tfjs layers model (URL or IOHandler) and cuts it; the model is freed if cutting fails. */
export async function loadTrunk(source: string | tf.io.IOHandler, id: string, onProgress?: (fraction: number) => void): Promise<Trunk> {
  const model = await tf.loadLayersModel(source, onProgress ? { onProgress } : undefined);
  try {
    return cutTrunk(model, id);
  } catch (error) {
    disposeModelFully(model);
    throw error;
  }
}

/**
 * Runs one blank image through the trunk so the first real batch does not pay for kernel
 * compilation (WebGL shaders, WASM setup).
 */
export async function warmUpTrunk(trunk: Trunk): Promise<void> {
  const output = tf.tidy(() => predictTensor(trunk.model, tf.zeros([1, trunk.imageSize, trunk.imageSize, 3])));
  try {
    await output.data();
  } finally {
    output.dispose();
  }
}

/**
 * Frees every weight of the trunk, including the parts of the source model that were cut away
 * (e.g. MobileNet V1's classifier, a Teachable Machine head). Use this rather than
 * trunk.model.dispose(), which would leave those parts allocated. Export wrappers built around
 * the trunk become unusable.
 */
export function disposeTrunk(trunk: Trunk): void {
  const source = sourceModels.get(trunk.model) ?? trunk.model;
  sourceModels.delete(trunk.model);
  disposeModelFully(source);
}

function findTrunk(model: tf.LayersModel): { trunkModel: tf.LayersModel; layout: TrunkLayout } {
  const fromNamedLayer = cutAtNamedLayer(model);
  if (fromNamedLayer) return fromNamedLayer;
  const inner = firstInnerModel(model);
  if (inner) return { trunkModel: cutInnerModel(inner), layout: 'sequential-trunk' };
  if (outputRank(model) === 2) return { trunkModel: model, layout: 'embedding-model' };
  throw new TrunkFormatError(
    `No layer named ${V2_FEATURE_LAYER} or ${V1_EMBEDDING_LAYER} and the first layer is not a model; ` +
      `the output has shape ${formatShape(model.outputs[0].shape)} rather than one vector per image, ` +
      'so this model cannot be used as an image trunk.',
  );
}

function cutAtNamedLayer(model: tf.LayersModel): { trunkModel: tf.LayersModel; layout: TrunkLayout } | null {
  const v1 = topLevelLayer(model, V1_EMBEDDING_LAYER);
  if (v1) return { trunkModel: ensurePooled(truncateAt(model, v1)), layout: 'v1-classifier' };
  const v2 = topLevelLayer(model, V2_FEATURE_LAYER);
  if (v2) return { trunkModel: ensurePooled(truncateAt(model, v2)), layout: 'v2-no-top' };
  return null;
}

/**
 * A nested model is already known to be the image part, so unlike the top level a model with a
 * vector output (Teachable Machine's Sequential[V2, pooling]) is taken whole before descending.
 */
function cutInnerModel(model: tf.LayersModel): tf.LayersModel {
  imageSizeOf(model);
  const fromNamedLayer = cutAtNamedLayer(model);
  if (fromNamedLayer) return fromNamedLayer.trunkModel;
  if (outputRank(model) === 2) return model;
  const inner = firstInnerModel(model);
  if (inner) return cutInnerModel(inner);
  return ensurePooled(model);
}

function topLevelLayer(model: tf.LayersModel, name: string): tf.layers.Layer | undefined {
  return model.layers.find((layer) => layer.name === name);
}

function firstInnerModel(model: tf.LayersModel): tf.LayersModel | null {
  const first = model.layers.find((layer) => layer.getClassName() !== 'InputLayer');
  return first instanceof tf.LayersModel ? first : null;
}

function truncateAt(model: tf.LayersModel, layer: tf.layers.Layer): tf.LayersModel {
  const output = layer.output;
  if (Array.isArray(output)) {
    throw new TrunkFormatError(`Layer "${layer.name}" has several outputs; a trunk needs one.`);
  }
  if (model.outputs.length === 1 && model.outputs[0] === output) return model;
  return tf.model({ inputs: model.inputs, outputs: output });
}

/** Adds global average pooling when the model still ends in a [h, w, channels] feature map. */
function ensurePooled(model: tf.LayersModel): tf.LayersModel {
  const rank = outputRank(model);
  if (rank === 2) return model;
  if (rank !== 4) {
    throw new TrunkFormatError(
      `The image features have shape ${formatShape(model.outputs[0].shape)}; expected a [height, width, channels] map or a vector.`,
    );
  }
  return tf.sequential({ layers: [model, tf.layers.globalAveragePooling2d({})] });
}

function outputRank(model: tf.LayersModel): number {
  if (model.outputs.length !== 1) {
    throw new TrunkFormatError(`This model has ${model.outputs.length} outputs; a trunk needs one.`);
  }
  return model.outputs[0].shape.length;
}

function imageSizeOf(model: tf.LayersModel): number {
  if (model.inputs.length !== 1) {
    throw new TrunkFormatError(`This model has ${model.inputs.length} inputs; a trunk needs exactly one image input.`);
  }
  const shape = model.inputs[0].shape;
  if (shape.length !== 4) {
    throw new TrunkFormatError(`This model has no 4-D image input (its input shape is ${formatShape(shape)}).`);
  }
  const [, height, width, channels] = shape;
  if (height == null || height !== width || channels !== 3) {
    throw new TrunkFormatError(`This model's input is ${formatShape(shape)}; a trunk needs square RGB images, [null, size, size, 3].`);
  }
  return height;
}

function embeddingSizeOf(model: tf.LayersModel): number {
  const size = model.outputs[0].shape[1];
  if (outputRank(model) !== 2 || size == null) {
    throw new TrunkFormatError(`The trunk output has shape ${formatShape(model.outputs[0].shape)}; expected [null, size].`);
  }
  return size;
}

/** Freezes every layer, including those of nested models, which Container.trainable misses. */
function freeze(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer instanceof tf.LayersModel) freeze(layer);
    layer.trainable = false;
  }
  model.trainable = false;
}

function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((dimension) => dimension ?? 'null').join(', ')}]`;
}
