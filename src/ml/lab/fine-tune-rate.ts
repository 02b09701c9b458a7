import * as tf from '@tensorflow/tfjs';
import type { LabEpoch } from './lab-types';
import { trainModel, type ModelTrainCallbacks, type ModelTrainConfig, type SampleSet } from './train-model';

/**
 * The fine-tuning learning rate, chosen by measurement instead of fixed. A fixed 1e-5 (the Keras
 * recipe for a full fine-tune on a large set) barely moved ~100 photos' worth of steps: on
 * flowers and on a 10-class clothing set fine-tuning tied feature extraction, and on the test
 * case built for it (fine-tune-recipe.test.ts) it stayed at chance (48% test) where 1e-3 reached
 * 73%. So the first fine-tune epoch is trained once per candidate rate (lowest, 10x, 100x, ...)
 * from the same starting weights, and the rate with the lowest validation loss wins; its epoch
 * is kept, the others are undone. Cost: one extra epoch per extra candidate.
 */

export function rateCandidates(lowest: number, steps: number): number[] {
  if (!(lowest > 0)) throw new Error(`The lowest fine-tuning rate must be positive, got ${lowest}.`);
  const count = Math.max(1, Math.round(steps));
  return Array.from({ length: count }, (_, i) => Number((lowest * 10 ** i).toPrecision(3)));
}

export interface RateChoice {
  learningRate: number;
  /** Units unfrozen by the winning trial (the deepest candidate when only rates were tried). */
  units: number;
  /** The winning candidate's epoch (already applied to the model); null when stopped. */
  epoch: LabEpoch | null;
  /** Validation loss of every rate candidate, at the deepest depth, in candidate order (NaN for one that was stopped). */
  valLosses: number[];
  /** Validation loss of every depth tried at the winning rate, in `depths` order. */
  depthValLosses: number[];
  stoppedEarly: boolean;
}

/**
 * Every weight of the model, trainable or not at the moment, keyed by the variable: depth trials
 * change which are trainable, and with it the order of `model.weights` (trainable ones first).
 */
export type WeightSnapshot = Map<tf.LayerVariable, tf.Tensor>;

export function snapshotWeights(model: tf.LayersModel): WeightSnapshot {
  return new Map(model.weights.map((weight) => [weight, weight.read().clone()]));
}

/** Writes the values back; `values` stay the caller's to free. */
export function restoreWeights(values: WeightSnapshot): void {
  values.forEach((value, weight) => weight.write(value));
}

export function disposeSnapshot(values: WeightSnapshot): void {
  tf.dispose([...values.values()]);
}

/** Trains one epoch per candidate rate from the same weights; leaves the model with the winner's weights. */
export async function chooseFineTuneRate(
  model: tf.LayersModel,
  train: SampleSet,
  val: SampleSet,
  numClasses: number,
  candidates: number[],
  config: Omit<ModelTrainConfig, 'epochs' | 'learningRate'>,
  callbacks: ModelTrainCallbacks,
): Promise<RateChoice> {
  return chooseFineTuneSetup(model, train, val, numClasses, { rates: candidates, depths: [0], setDepth: () => {} }, config, callbacks);
}

export interface SetupCandidates {
  rates: number[];
  /** Unfrozen depths to try; the last is the deepest, the one the rates are tried at. */
  depths: number[];
  /** Makes only the top `units` units trainable (fine-tune-depth.ts). */
  setDepth: (units: number) => void;
}

/**
 * The rate and the unfrozen depth, chosen by validation loss after one epoch each, from the same
 * starting weights: first every rate at the deepest depth, then every shallower depth at the
 * winning rate (a coordinate search: rates + depths - 1 epochs, not rates x depths). The model is
 * left with the winning trial's weights and depth.
 */
export async function chooseFineTuneSetup(
  model: tf.LayersModel,
  train: SampleSet,
  val: SampleSet,
  numClasses: number,
  candidates: SetupCandidates,
  config: Omit<ModelTrainConfig, 'epochs' | 'learningRate'>,
  callbacks: ModelTrainCallbacks,
): Promise<RateChoice> {
  const deepest = candidates.depths[candidates.depths.length - 1];
  const start = snapshotWeights(model);
  let best: { learningRate: number; units: number; epoch: LabEpoch; weights: WeightSnapshot } | null = null;
  const valLosses: number[] = [];
  const depthValLosses: number[] = [];
  let trials = 0;
  const trial = async (learningRate: number, units: number): Promise<number | null> => {
    if (trials++ > 0) restoreWeights(start);
    candidates.setDepth(units);
    const trained = await trainModel(
      model,
      train,
      val,
      numClasses,
      { ...config, epochs: 1, learningRate },
      { afterBatch: callbacks.afterBatch, shouldStop: callbacks.shouldStop },
    );
    const epoch = trained.epochs[0];
    if (trained.stoppedEarly || !epoch) return null;
    if (!best || epoch.valLoss < best.epoch.valLoss) {
      if (best) disposeSnapshot(best.weights);
      best = { learningRate, units, epoch, weights: snapshotWeights(model) };
    }
    return epoch.valLoss;
  };
  const stopped = (learningRate: number): RateChoice => ({
    learningRate,
    units: deepest,
    epoch: null,
    valLosses,
    depthValLosses,
    stoppedEarly: true,
  });
  try {
    for (const learningRate of candidates.rates) {
      const loss = await trial(learningRate, deepest);
      valLosses.push(loss ?? NaN);
      if (loss === null) return stopped(learningRate);
    }
    const rate = best!.learningRate;
    for (const units of candidates.depths) {
      if (units === deepest) {
        depthValLosses.push(Math.min(...valLosses));
        continue;
      }
      const loss = await trial(rate, units);
      depthValLosses.push(loss ?? NaN);
      if (loss === null) return stopped(rate);
    }
    const winner = best!;
    restoreWeights(winner.weights);
    candidates.setDepth(winner.units);
    return { learningRate: winner.learningRate, units: winner.units, epoch: winner.epoch, valLosses, depthValLosses, stoppedEarly: false };
  } finally {
    disposeSnapshot(start);
    if (best) disposeSnapshot((best as { weights: WeightSnapshot }).weights);
  }
}
