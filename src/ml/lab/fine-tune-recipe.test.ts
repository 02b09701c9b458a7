import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSet } from '../train-head';
import { createRng } from '../rng';
import { depthCandidates, depthSetter } from './fine-tune-depth';
import { chooseFineTuneRate, chooseFineTuneSetup, rateCandidates } from './fine-tune-rate';
import { buildFineTuneModel } from './fine-tune';
import { topModel } from './graph-split';
import { DEFAULT_LAB_SETTINGS, headEpochsBeforeFineTune } from './lab-types';
import { boundaryFor, findBlockMap } from './mobilenet-blocks';
import { runFeatureExtraction, runFineTune, type RunHooks, type Splits } from './strategy-runs';
import { evaluateModel, type SampleSet } from './train-model';
import { buildTinyMobileNetV2 } from './testing/tiny-mobilenet';

/**
 * The lab's default fine-tuning recipe must really adapt. The case is built for it, and says so:
 * the "pretrained" top convolution (Conv_1) ignores one input channel entirely, and the new task
 * is decided by exactly that channel. Its frozen features carry nothing about the task, so
 * feature extraction stays near chance; fine-tuning Conv_1 can learn to read the channel. This is
 * the small-and-dissimilar scenario in miniature: what the top layer learnt before throws away
 * what the new task needs. A recipe whose learning rate is too low to move the weights (1e-5, the
 * lab's old default) ties feature extraction here.
 */

const SIGNAL_CHANNEL = 2;
const CLASSES = 2;

/** The tiny trunk with Conv_1 blind to SIGNAL_CHANNEL (its kernel row zeroed). */
function blindTrunk(): tf.LayersModel {
  const trunk = buildTinyMobileNetV2(3);
  const conv = trunk.getLayer('Conv_1');
  const [kernel] = conv.getWeights();
  const values = kernel.arraySync() as number[][][][];
  values[0][0][SIGNAL_CHANNEL] = values[0][0][SIGNAL_CHANNEL].map(() => 0);
  conv.setWeights([tf.tensor4d(values)]);
  return trunk;
}

/** The tiny trunk with block 3 blind to SIGNAL_CHANNEL (its expand kernel row zeroed): Conv_1 never sees it. */
function blindBelowTopTrunk(): tf.LayersModel {
  const trunk = buildTinyMobileNetV2(3);
  const conv = trunk.getLayer('block_3_expand');
  const [kernel] = conv.getWeights();
  const values = kernel.arraySync() as number[][][][];
  values[0][0][SIGNAL_CHANNEL] = values[0][0][SIGNAL_CHANNEL].map(() => 0);
  conv.setWeights([tf.tensor4d(values)]);
  return trunk;
}

/** Boundary activations [4, 4, channels]: noise, with SIGNAL_CHANNEL shifted up for class 1 and down for class 0. */
function activations(count: number, seed: number, channels = 6): SampleSet {
  const rng = createRng(seed);
  const shape = [4, 4, channels];
  const samples: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % CLASSES;
    const sample = Float32Array.from(
      { length: 4 * 4 * channels },
      (_, k) => (rng() * 2 - 1) * 1.5 + (k % channels === SIGNAL_CHANNEL ? (label ? 1 : -1) : 0),
    );
    samples.push(sample);
    labels.push(label);
  }
  return { samples, shape, labels };
}

/** What feature extraction sees: the frozen top's pooled features of the same activations. */
function embed(trunk: tf.LayersModel, set: SampleSet, units = 1): EmbeddedSet {
  const map = findBlockMap(trunk)!;
  const top = topModel(map.graph, boundaryFor(map, units), map.featureLayer);
  const embeddings = tf.tidy(() => {
    const xs = tf.stack(set.samples.map((s) => tf.tensor3d(s, set.shape as [number, number, number])));
    return (tf.mean(top.predict(xs) as tf.Tensor4D, [1, 2]).arraySync() as number[][]).map((row) => Float32Array.from(row));
  });
  return { embeddings, labels: set.labels };
}

const hooks: RunHooks = { onEpoch: async () => {}, shouldStop: () => false };

/** Feature extraction and the fine-tuning recipe on the same splits, with the lab's default settings. */
async function raceRecipe(
  embedded: Splits<EmbeddedSet>,
  acts: Splits<SampleSet>,
  makeTrunk: () => tf.LayersModel,
  depth: { units: number; depthCandidates?: number[] },
) {
  const settings = DEFAULT_LAB_SETTINGS;
  const common = { numClasses: CLASSES, epochs: settings.epochs, batchSize: 16, hiddenUnits: 16, seed: 7 };
  const extraction = await runFeatureExtraction(embedded, { ...common, learningRate: settings.headLearningRate }, hooks);
  const fineTune = await runFineTune(
    embedded,
    acts,
    async () => makeTrunk(),
    {
      ...common,
      headLearningRate: settings.headLearningRate,
      fineTuneLearningRate: settings.fineTuneLearningRate,
      rateCandidates: rateCandidates(settings.fineTuneLearningRate, settings.fineTuneRateSteps),
      headEpochs: headEpochsBeforeFineTune(settings.epochs),
      ...depth,
    },
    hooks,
  );
  return { extraction, fineTune };
}

describe('the default fine-tuning recipe', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it('beats feature extraction when the frozen top layer discards what the task needs', async () => {
    const trunk = blindTrunk();
    const acts: Splits<SampleSet> = { train: activations(96, 1), val: activations(32, 2), test: activations(64, 3) };
    const embedded: Splits<EmbeddedSet> = { train: embed(trunk, acts.train), val: embed(trunk, acts.val), test: embed(trunk, acts.test) };
    const settings = DEFAULT_LAB_SETTINGS;
    const { extraction, fineTune } = await raceRecipe(embedded, acts, blindTrunk, { units: settings.fineTuneBlocks });
    console.log(
      JSON.stringify({ extraction: extraction.testAccuracy, fineTune: fineTune.testAccuracy, rate: fineTune.chosenLearningRate }),
    );
    expect(fineTune.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: settings.epochs + 1 }, (_, i) => i));
    expect(extraction.testAccuracy!).toBeLessThan(0.7);
    expect(fineTune.testAccuracy!).toBeGreaterThan(extraction.testAccuracy! + 0.15);
    trunk.dispose();
  });
});

describe('choosing the unfrozen depth', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('tries every depth up to 3, else the top, the middle and the deepest', () => {
    expect(depthCandidates(1)).toEqual([1]);
    expect(depthCandidates(3)).toEqual([1, 2, 3]);
    expect(depthCandidates(8)).toEqual([1, 4, 8]);
    expect(() => depthCandidates(0)).toThrow(/at least 1/);
  });

  it('leaves only the top units and the head trainable', () => {
    const trunk = buildTinyMobileNetV2(3);
    const map = findBlockMap(trunk)!;
    const head = tf.sequential({ layers: [tf.layers.dense({ inputShape: [12], units: 2, activation: 'softmax' })] });
    const { model } = buildFineTuneModel(map, 2, head);
    const setDepth = depthSetter(model, map, 2);
    const names = () => model.trainableWeights.map((w) => w.originalName.split('/')[0]);
    setDepth(1);
    expect(names().some((n) => n.startsWith('block_3'))).toBe(false);
    expect(names()).toContain('Conv_1');
    expect(names().length).toBeGreaterThan(0);
    setDepth(2);
    expect(names()).toContain('block_3_expand');
    expect(names()).toContain('Conv_1');
    expect(() => setDepth(3)).toThrow(/1 to 2/);
    trunk.dispose();
  });

  it('keeps batch norm in inference mode in every trial: its ImageNet statistics never move', async () => {
    const trunk = buildTinyMobileNetV2(3);
    const map = findBlockMap(trunk)!;
    const head = tf.sequential({ layers: [tf.layers.dense({ inputShape: [12], units: 2, activation: 'softmax' })] });
    const { model } = buildFineTuneModel(map, 2, head);
    const movingStats = () =>
      model.weights.filter((w) => /moving_(mean|variance)/.test(w.originalName)).map((w) => Array.from(w.read().dataSync()));
    const before = movingStats();
    expect(before.length).toBeGreaterThan(0);
    const config = { batchSize: 8, seed: 3, batchNormTraining: false, firstEpoch: 1, elapsedOffsetMs: 0, phase: 'fine-tune' as const };
    const choice = await chooseFineTuneSetup(
      model,
      activations(32, 21, 5),
      activations(16, 22, 5),
      CLASSES,
      { rates: [0.01], depths: [1, 2], setDepth: depthSetter(model, map, 2) },
      config,
      {},
    );
    expect(choice.depthValLosses).toHaveLength(2);
    expect(movingStats()).toEqual(before);
    trunk.dispose();
  });

  it('goes deep enough when the signal is discarded below the top unit, and beats feature extraction', async () => {
    // Built for it, like the case above, one unit lower: block 3 throws the signal away, so
    // retraining Conv_1 alone cannot get it back; unfreezing block 3 as well can.
    const trunk = blindBelowTopTrunk();
    const acts: Splits<SampleSet> = { train: activations(96, 11, 5), val: activations(32, 12, 5), test: activations(64, 13, 5) };
    const embedded: Splits<EmbeddedSet> = {
      train: embed(trunk, acts.train, 2),
      val: embed(trunk, acts.val, 2),
      test: embed(trunk, acts.test, 2),
    };
    const { extraction, fineTune } = await raceRecipe(embedded, acts, blindBelowTopTrunk, {
      units: 2,
      depthCandidates: depthCandidates(2),
    });
    console.log(
      JSON.stringify({
        extraction: extraction.testAccuracy,
        fineTune: fineTune.testAccuracy,
        rate: fineTune.chosenLearningRate,
        units: fineTune.chosenUnits,
        epochs: fineTune.chosenFineTuneEpochs,
      }),
    );
    expect(fineTune.chosenUnits).toBe(2);
    expect(fineTune.chosenFineTuneEpochs).toBeGreaterThan(0);
    expect(extraction.testAccuracy!).toBeLessThan(0.7);
    expect(fineTune.testAccuracy!).toBeGreaterThan(extraction.testAccuracy! + 0.15);
    trunk.dispose();
  });
});

describe('choosing the fine-tuning rate', () => {
  it('tries the lowest rate and its powers of ten', () => {
    expect(rateCandidates(0.00001, 3)).toEqual([0.00001, 0.0001, 0.001]);
    expect(rateCandidates(0.0003, 1)).toEqual([0.0003]);
    expect(() => rateCandidates(0, 2)).toThrow(/positive/);
  });

  it("keeps the winner's weights, undoes the others, and leaks no tensor", async () => {
    await tf.setBackend('cpu');
    const trunk = blindTrunk();
    const map = findBlockMap(trunk)!;
    const top = topModel(map.graph, boundaryFor(map, 1), map.featureLayer);
    const pooled = tf.layers.globalAveragePooling2d({}).apply(top.outputs[0]) as tf.SymbolicTensor;
    const logits = tf.layers
      .dense({ units: CLASSES, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })
      .apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: top.inputs, outputs: logits });
    const train = activations(32, 4);
    const val = activations(16, 5);
    const config = { batchSize: 8, seed: 3, batchNormTraining: false, firstEpoch: 1, elapsedOffsetMs: 0, phase: 'fine-tune' as const };
    const before = tf.memory().numTensors;
    const choice = await chooseFineTuneRate(model, train, val, CLASSES, [0.00001, 0.01], config, {});
    expect(tf.memory().numTensors).toBe(before);
    expect(choice.valLosses).toHaveLength(2);
    const winner = choice.valLosses.indexOf(Math.min(...choice.valLosses));
    expect(choice.learningRate).toBe([0.00001, 0.01][winner]);
    // The model now holds the winner's weights: its validation loss is the winner's.
    const { loss } = await evaluateModel(model, val, CLASSES);
    expect(loss).toBeCloseTo(choice.valLosses[winner], 5);
    trunk.dispose();
  });
});
