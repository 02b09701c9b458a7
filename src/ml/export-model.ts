import * as tf from '@tensorflow/tfjs';
import { PREPROCESSING } from './preprocess';
import type { Trunk } from './trunk';

/**
 * Teachable-Machine-compatible export: one tfjs layers model, Sequential[trunk, head], saved as
 * model.json + a single weights.bin, with a metadata.json that records labels and preprocessing.
 */

/**
 * Wraps trunk and head as Sequential[trunkSequential, head] (Teachable Machine's structure):
 * input [null, S, S, 3] in [-1, 1], output class probabilities in label order.
 *
 * The wrapper shares the trunk's and head's weights and owns none of them. Never call dispose()
 * on it (that would free the shared trunk and head); just drop it once serialised. Dispose the
 * head and the trunk (disposeTrunk) as usual; afterwards the wrapper is unusable.
 */
export function buildExportModel(trunk: Trunk, head: tf.LayersModel): tf.Sequential {
  const headInputSize = head.inputs[0]?.shape[1];
  if (head.inputs.length !== 1 || headInputSize !== trunk.embeddingSize) {
    throw new Error(`The head takes ${headInputSize ?? 'unknown'} inputs but the trunk "${trunk.id}" produces ${trunk.embeddingSize}.`);
  }
  // A Sequential trunk (V2 + pooling, a Teachable Machine trunk) is already the first half of
  // the TM layout; a functional cut (V1) gets a Sequential around it. Neither step applies a
  // layer, so neither takes a tfjs reference on the trunk.
  const trunkSequential = trunk.model instanceof tf.Sequential ? trunk.model : tf.sequential({ layers: [trunk.model] });
  const exportModel = tf.sequential({ layers: [trunkSequential, head] });
  giveBackReferenceTakenByAdd(head);
  return exportModel;
}

/**
 * Sequential.add() applies a non-first layer to a symbolic tensor, which raises that layer's
 * tfjs reference count; the caller's later head.dispose() would then only decrement it and leak
 * the weights. dispose() on a count above 1 only decrements, so it hands that reference back.
 */
function giveBackReferenceTakenByAdd(model: tf.LayersModel): void {
  const { refCountAfterDispose, numDisposedVariables } = model.dispose();
  if (refCountAfterDispose < 1 || numDisposedVariables > 0) {
    throw new Error(`Model "${model.name}" was disposed while building the export model.`);
  }
}

/** What goes into the zip: model.json text and the weights.bin it names. */
export interface ModelArtifacts {
  modelJson: string;
  weightData: ArrayBuffer;
}

export const WEIGHTS_FILE_NAME = 'weights.bin';

/** Serialises a layers model to a model.json with one weights group, ['weights.bin']. */
export async function serializeModel(model: tf.LayersModel): Promise<ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!saved || saved.modelTopology == null || saved.weightSpecs == null) {
    throw new Error('Saving the model produced no topology or weights.');
  }
  const modelJson = JSON.stringify({
    modelTopology: saved.modelTopology,
    format: saved.format,
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy,
    weightsManifest: [{ paths: [WEIGHTS_FILE_NAME], weights: saved.weightSpecs }],
  });
  return { modelJson, weightData: concatenateBuffers(saved.weightData) };
}

/** tfjs 4.22 may hand weights back as one buffer or as a list of buffers. */
function concatenateBuffers(weightData: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (weightData == null) return new ArrayBuffer(0);
  if (!Array.isArray(weightData)) return weightData;
  const total = weightData.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const buffer of weightData) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined.buffer;
}

/** metadata.json in Teachable Machine's shape. */
export interface TmMetadata {
  tfjsVersion: string;
  tmVersion?: string;
  packageName: string;
  packageVersion: string;
  modelName: string;
  timeStamp: string;
  labels: string[];
  imageSize: number;
  userMetadata: Record<string, unknown>;
}

export function createMetadata(input: {
  labels: string[];
  modelName: string;
  trunkId: string;
  appVersion: string;
  now?: Date;
}): TmMetadata {
  return {
    tfjsVersion: tf.version.tfjs,
    packageName: 'transfer-lab',
    packageVersion: input.appVersion,
    modelName: input.modelName,
    timeStamp: (input.now ?? new Date()).toISOString(),
    labels: [...input.labels],
    imageSize: PREPROCESSING.imageSize,
    userMetadata: { preprocessing: PREPROCESSING, trunk: input.trunkId, exportedBy: 'Transfer Lab' },
  };
}
