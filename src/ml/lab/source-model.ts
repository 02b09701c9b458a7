import * as tf from '@tensorflow/tfjs';
import { createHead } from '../head';
import { disposeModelFully } from '../memory';
import { createScratchFeatures } from './scratch-cnn';
import type { SourceTrunkRecord, SourceTrunkSummary } from './source-trunk';
import { trainModel, type ModelTrainCallbacks, type ModelTrainResult, type SampleSet } from './train-model';

/**
 * The "develop a model" approach: train a model on a source task with plenty of data, then keep
 * its feature layers as a trunk to reuse on a new task. The source model is the lab's scratch
 * CNN (3 x [conv 3x3 + ReLU + max-pool], global average pooling) with the usual dense head; the
 * trunk kept is everything up to the pooling: image -> feature vector, the same contract as
 * a MobileNet trunk's embedding. It is stored as ordinary tfjs model artifacts, so it can be
 * saved with a project and exported like any model.
 */

export interface SourceModelConfig {
  imageSize: number;
  numClasses: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hiddenUnits: number;
  seed: number;
}

export interface SourceModel {
  /** image [size, size, 3] in [-1, 1] -> feature vector; the trunk to keep. */
  features: tf.LayersModel;
  training: ModelTrainResult;
  /** Validation accuracy of the source classifier after its last epoch. */
  validationAccuracy: number | null;
}

/** Trains the scratch CNN and a head on the source task; returns the feature layers (the head is freed). */
export async function trainSourceModel(
  train: SampleSet,
  val: SampleSet,
  config: SourceModelConfig,
  callbacks: ModelTrainCallbacks = {},
): Promise<SourceModel> {
  const features = createScratchFeatures(config.imageSize, config.seed);
  const head = createHead({
    inputSize: features.outputs[0].shape[1] as number,
    hiddenUnits: config.hiddenUnits,
    numClasses: config.numClasses,
    seed: config.seed,
  });
  const classifier = tf.model({
    inputs: features.inputs,
    outputs: head.apply(features.outputs[0]) as tf.SymbolicTensor,
    name: 'source_classifier',
  });
  try {
    const training = await trainModel(
      classifier,
      train,
      val,
      config.numClasses,
      {
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: config.seed,
        batchNormTraining: false,
        firstEpoch: 1,
        elapsedOffsetMs: 0,
        phase: 'full',
      },
      callbacks,
    );
    return { features, training, validationAccuracy: training.epochs.at(-1)?.valAccuracy ?? null };
  } catch (error) {
    disposeModelFully(features);
    throw error;
  } finally {
    // The classifier shares the feature layers' weights; only the head's are its own.
    head.dispose();
  }
}

/** The trunk as model artifacts (topology + weights), the form the app stores and exports. */
export async function keepAsTrunk(features: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let kept: tf.io.ModelArtifacts | null = null;
  await features.save(
    tf.io.withSaveHandler(async (artifacts) => {
      kept = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!kept) throw new Error('The source model could not be kept: nothing was saved.');
  return kept;
}

/** Loads a kept source trunk back. */
export function loadSourceTrunk(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

/** The kept trunk in its stored form (source-trunk.ts): `summary` plus the artifacts, weights in one buffer. */
export async function sourceTrunkRecord(
  features: tf.LayersModel,
  summary: Omit<SourceTrunkSummary, 'imageSize' | 'embeddingSize'>,
): Promise<SourceTrunkRecord> {
  const artifacts = await keepAsTrunk(features);
  if (!artifacts.modelTopology || !artifacts.weightSpecs || !artifacts.weightData)
    throw new Error('The source model could not be kept: its layers or weights are missing.');
  const weightData = Array.isArray(artifacts.weightData) ? tf.io.concatenateArrayBuffers(artifacts.weightData) : artifacts.weightData;
  return {
    ...summary,
    imageSize: features.inputs[0].shape[1] as number,
    embeddingSize: features.outputs[0].shape[1] as number,
    modelTopology: artifacts.modelTopology as object,
    weightSpecs: artifacts.weightSpecs,
    weightData,
  };
}
