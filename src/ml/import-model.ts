import * as tf from '@tensorflow/tfjs';
import { serializeModel } from './export-model';
import { disposeModelFully } from './memory';
import { ModelFileError, type ModelFiles } from './model-files';
import { cutTrunk, TrunkFormatError, type TrunkLayout } from './trunk';

/**
 * What an imported model is, once built: a full image classifier in Teachable Machine's layout
 * (Sequential[trunk, head], which is also what Transfer Lab's full export writes) or a head on
 * its own (Transfer Lab's head-only export). Building happens on the current backend and
 * everything built is freed again; the session's trunk and head are not touched here.
 */

export type ImportedKind = 'full' | 'head';

export interface ModelInspection {
  kind: ImportedKind;
  classCount: number;
  /** Features the head takes (= the trunk's output size for a full model). */
  embeddingSize: number;
  /** Full models: the image size and how the trunk was recognised. */
  imageSize: number | null;
  trunkLayout: TrunkLayout | null;
  /** Which stored weights are quantised, if any (e.g. 'uint8'). */
  quantization: string | null;
}

async function buildModel(files: ModelFiles): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(files.artifacts));
  } catch (error) {
    throw new ModelFileError(
      `TensorFlow.js could not build the model in ${files.modelJsonName}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function outputSize(model: tf.LayersModel, name: string): number {
  const shape = model.outputs.length === 1 ? model.outputs[0].shape : null;
  const size = shape?.length === 2 ? shape[1] : null;
  if (size == null) {
    throw new ModelFileError(
      `${name} does not output one list of class probabilities per image (its output shape is ${JSON.stringify(model.outputs.map((o) => o.shape))}).`,
    );
  }
  return size;
}

/**
 * The layers after the trunk. Teachable Machine (and Transfer Lab) write Sequential[trunk, head]
 * with the trunk a nested model; any other image model has no separable head.
 */
export function headLayersOf(model: tf.LayersModel, name: string): tf.layers.Layer[] {
  const layers = model instanceof tf.Sequential ? model.layers.filter((layer) => layer.getClassName() !== 'InputLayer') : [];
  if (layers.length < 2 || !(layers[0] instanceof tf.LayersModel)) {
    throw new ModelFileError(
      `${name} is an image model but not in Teachable Machine's layout Sequential[trunk, head], so its classifier cannot be separated from its trunk. ` +
        'It can still be used as a trunk: "Load a trunk from a URL or files" in the Trunk panel.',
    );
  }
  return layers.slice(1);
}

/** Builds the model, checks it against its labels, and frees it again. */
export async function inspectModelFiles(files: ModelFiles): Promise<ModelInspection> {
  const model = await buildModel(files);
  try {
    const classCount = outputSize(model, files.modelJsonName);
    if (classCount !== files.labels.length) {
      throw new ModelFileError(
        `${files.labelsFrom} lists ${files.labels.length} label${files.labels.length === 1 ? '' : 's'} but the model in ${files.modelJsonName} outputs ${classCount} probabilities: the files do not belong together.`,
      );
    }
    const quantized = files.artifacts.weightSpecs?.find((spec) => spec.quantization)?.quantization?.dtype ?? null;
    const inputShape = model.inputs.length === 1 ? model.inputs[0].shape : null;
    if (inputShape?.length === 2 && inputShape[1] != null) {
      return { kind: 'head', classCount, embeddingSize: inputShape[1], imageSize: null, trunkLayout: null, quantization: quantized };
    }
    let trunk;
    try {
      trunk = cutTrunk(model, 'inspection');
    } catch (error) {
      if (error instanceof TrunkFormatError) throw new ModelFileError(`${files.modelJsonName}: ${error.message}`);
      throw error;
    }
    headLayersOf(model, files.modelJsonName);
    return {
      kind: 'full',
      classCount,
      embeddingSize: trunk.embeddingSize,
      imageSize: trunk.imageSize,
      trunkLayout: trunk.layout,
      quantization: quantized,
    };
  } finally {
    disposeModelFully(model);
  }
}

/**
 * A standalone copy of the imported classifier (everything after the trunk, or the whole model
 * for a head-only file) on the current backend, owned by the caller. The full model is built,
 * its head serialised and rebuilt, and the full model freed: the copy shares nothing with it.
 */
export async function buildImportedHead(files: ModelFiles, kind: ImportedKind): Promise<tf.Sequential> {
  const model = await buildModel(files);
  if (kind === 'head') return model instanceof tf.Sequential ? model : tf.sequential({ layers: [model] });
  let head: tf.LayersModel;
  try {
    const layers = headLayersOf(model, files.modelJsonName);
    const headModel = layers.length === 1 && layers[0] instanceof tf.LayersModel ? layers[0] : tf.sequential({ layers });
    const { modelJson, weightData } = await serializeModel(headModel);
    const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    head = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }),
    );
  } finally {
    disposeModelFully(model);
  }
  return head instanceof tf.Sequential ? head : tf.sequential({ layers: [head] });
}
