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
  /** The winning candidate's epoch (already applied to the model); null when stopped. */
  epoch: LabEpoch | null;
  /** Validation loss of every candidate, in candidate order (NaN for one that was stopped). */
  valLosses: number[];
  stoppedEarly: boolean;
}

function snapshot(model: tf.LayersModel): tf.Tensor[] {
  return model.trainableWeights.map((weight) => weight.read().clone());
}

function restore(model: tf.LayersModel, values: tf.Tensor[]): void {
  // write() assigns the values into the variable; `values` stay the caller's to free.
  model.trainableWeights.forEach((weight, i) => weight.write(values[i]));
}

/** Trains one epoch per candidate from the same weights; leaves the model with the winner's weights. */
export async function chooseFineTuneRate(
  model: tf.LayersModel,
  train: SampleSet,
  val: SampleSet,
  numClasses: number,
  candidates: number[],
  config: Omit<ModelTrainConfig, 'epochs' | 'learningRate'>,
  callbacks: ModelTrainCallbacks,
): Promise<RateChoice> {
  const start = snapshot(model);
  let best: { learningRate: number; epoch: LabEpoch; weights: tf.Tensor[] } | null = null;
  const valLosses: number[] = [];
  try {
    for (const learningRate of candidates) {
      if (best || valLosses.length > 0) restore(model, start);
      const trained = await trainModel(
        model,
        train,
        val,
        numClasses,
        { ...config, epochs: 1, learningRate },
        { afterBatch: callbacks.afterBatch, shouldStop: callbacks.shouldStop },
      );
      const epoch = trained.epochs[0];
      if (trained.stoppedEarly || !epoch) {
        valLosses.push(NaN);
        return { learningRate, epoch: null, valLosses, stoppedEarly: true };
      }
      valLosses.push(epoch.valLoss);
      if (!best || epoch.valLoss < best.epoch.valLoss) {
        if (best) tf.dispose(best.weights);
        best = { learningRate, epoch, weights: snapshot(model) };
      }
    }
    restore(model, best!.weights);
    return { learningRate: best!.learningRate, epoch: best!.epoch, valLosses, stoppedEarly: false };
  } finally {
    tf.dispose(start);
    if (best) tf.dispose(best.weights);
  }
}
