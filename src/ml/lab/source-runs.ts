import * as tf from '@tensorflow/tfjs';
import { disposeModelFully } from '../memory';
import type { EmbeddedSet } from '../train-head';
import { chooseFineTuneRate } from './fine-tune-rate';
import { headPhase, runFeatureExtraction, type CommonRunConfig, type RunHooks, type RunResult, type Splits } from './strategy-runs';
import { evaluateModel, trainModel, type SampleSet } from './train-model';

/**
 * Reusing your own source model on the current project, the two ways the lab reuses ImageNet's:
 * feature extraction (its layers frozen, a head trained on their features) and fine-tuning (the
 * head first, then every layer of the source model trained on at a measured rate). Both run on
 * the small cached pixels at the source model's own picture size.
 */

const EMBED_BATCH = 64;

/** The source trunk's feature vector of every sample, in batches of 64 (bounded memory). */
export async function embedSamples(features: tf.LayersModel, set: SampleSet): Promise<Float32Array[]> {
  const size = set.shape.reduce((a, b) => a * b, 1);
  const out: Float32Array[] = [];
  for (let start = 0; start < set.samples.length; start += EMBED_BATCH) {
    const chunk = set.samples.slice(start, start + EMBED_BATCH);
    const flat = new Float32Array(chunk.length * size);
    chunk.forEach((sample, i) => flat.set(sample, i * size));
    const embeddings = tf.tidy(() => features.predict(tf.tensor(flat, [chunk.length, ...set.shape])) as tf.Tensor);
    try {
      const values = (await embeddings.data()) as Float32Array;
      const width = values.length / chunk.length;
      for (let i = 0; i < chunk.length; i++) out.push(values.slice(i * width, (i + 1) * width));
    } finally {
      embeddings.dispose();
    }
  }
  return out;
}

async function embeddedSplits(features: tf.LayersModel, pixels: Splits<SampleSet>): Promise<Splits<EmbeddedSet>> {
  const embed = async (set: SampleSet): Promise<EmbeddedSet> => ({ embeddings: await embedSamples(features, set), labels: set.labels });
  return { train: await embed(pixels.train), val: await embed(pixels.val), test: await embed(pixels.test) };
}

/** Feature extraction on your own source trunk (frozen): embed once, then the lab's usual head. */
export async function runSourceFeatureExtraction(
  features: tf.LayersModel,
  pixels: Splits<SampleSet>,
  config: CommonRunConfig & { learningRate: number },
  hooks: RunHooks,
): Promise<RunResult> {
  return runFeatureExtraction(await embeddedSplits(features, pixels), config, hooks);
}

export interface SourceFineTuneConfig extends CommonRunConfig {
  headLearningRate: number;
  /** Epochs of head-only training before the source model's layers are unfrozen. */
  headEpochs: number;
  /** Rates the first fine-tune epoch tries; the lowest validation loss wins (fine-tune-rate.ts). */
  rateCandidates: number[];
}

/**
 * Fine-tuning your own source trunk: the head trains alone on the frozen features for
 * `headEpochs`, then a fresh copy of the source model (`loadTrunkCopy`) and that head train
 * together; the first of those epochs tries each rate and keeps the best. The scratch CNN has no
 * batch norm, so there is no inference-mode question here.
 */
export async function runSourceFineTune(
  loadTrunkCopy: () => Promise<tf.LayersModel>,
  pixels: Splits<SampleSet>,
  config: SourceFineTuneConfig,
  hooks: RunHooks,
): Promise<RunResult> {
  const startedAt = performance.now();
  const copy = await loadTrunkCopy();
  try {
    const headEpochs = Math.min(config.headEpochs, config.epochs);
    const phase = await headPhase(
      await embeddedSplits(copy, pixels),
      { ...config, learningRate: config.headLearningRate },
      headEpochs,
      hooks,
      startedAt,
    );
    try {
      if (phase.stoppedEarly) return { epochs: phase.epochs, testAccuracy: null, stoppedEarly: true };
      copy.layers.forEach((layer) => (layer.trainable = true));
      const model = tf.model({
        inputs: copy.inputs,
        outputs: phase.head.apply(copy.outputs[0]) as tf.SymbolicTensor,
        name: 'own_fine_tune',
      });
      const phaseConfig = { batchSize: config.batchSize, seed: config.seed, batchNormTraining: false, phase: 'fine-tune' as const };
      const choice = await chooseFineTuneRate(
        model,
        pixels.train,
        pixels.val,
        config.numClasses,
        config.rateCandidates,
        { ...phaseConfig, firstEpoch: headEpochs + 1, elapsedOffsetMs: performance.now() - startedAt },
        hooks,
      );
      if (choice.stoppedEarly || !choice.epoch) return { epochs: phase.epochs, testAccuracy: null, stoppedEarly: true };
      await hooks.onEpoch(choice.epoch);
      const trained = await trainModel(
        model,
        pixels.train,
        pixels.val,
        config.numClasses,
        {
          ...phaseConfig,
          epochs: Math.max(0, config.epochs - headEpochs - 1),
          learningRate: choice.learningRate,
          firstEpoch: headEpochs + 2,
          elapsedOffsetMs: performance.now() - startedAt,
        },
        hooks,
      );
      const epochs = [...phase.epochs, choice.epoch, ...trained.epochs];
      if (trained.stoppedEarly) return { epochs, testAccuracy: null, stoppedEarly: true, chosenLearningRate: choice.learningRate };
      const test = await evaluateModel(model, pixels.test, config.numClasses);
      return { epochs, testAccuracy: test.accuracy, stoppedEarly: false, chosenLearningRate: choice.learningRate };
    } finally {
      // The fine-tune model holds the head's layers too, so head.dispose() alone would leave its weights.
      disposeModelFully(phase.head);
    }
  } finally {
    disposeModelFully(copy);
  }
}
