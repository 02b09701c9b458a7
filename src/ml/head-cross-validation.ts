import * as tf from '@tensorflow/tfjs';
import { createRng, shuffledIndices } from './rng';
import type { TrainConfig } from './train-config';
import { trainHead, type TrainCallbacks } from './train-head';

/** Thrown by crossValidatedHeadAccuracy when its shouldStop callback asked it to end. */
export class CrossValidationStopped extends Error {
  constructor() {
    super('The cross-validation was stopped.');
    this.name = 'CrossValidationStopped';
  }
}

/**
 * A trunk estimate that trains the real head: k-fold cross-validation on the user's photos.
 * Each class's photos are dealt in a seeded order to k folds; the head trains on k − 1 folds and
 * is scored on the one left. It costs k trainings (with the few epochs given in config) after
 * embedding, where leaveOneOutCentroidAccuracy costs none, but it measures what the head can
 * separate, not how compact the classes are (docs/accuracy.md: on hymenoptera the centroid
 * estimate put MobileNet V1 1.0 four points below V2 α0.35; the head, and this estimate, put it first).
 * `callbacks` reach every fold's training (onEpoch lets a worker yield); when shouldStop turns
 * true it throws CrossValidationStopped, with every head freed.
 */
export async function crossValidatedHeadAccuracy(
  embeddings: Float32Array[],
  labels: number[],
  numClasses: number,
  folds: number,
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
): Promise<number> {
  if (embeddings.length !== labels.length) throw new Error(`${embeddings.length} embeddings but ${labels.length} labels.`);
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`Cross-validation needs at least 2 folds, got ${folds}.`);
  if (embeddings.length < folds) throw new Error(`${embeddings.length} photos cannot fill ${folds} folds.`);
  // Stratified: class by class, a seeded order, dealt round-robin so every fold gets its share.
  const foldOf = new Array<number>(labels.length);
  const rng = createRng(config.seed);
  let next = 0;
  for (let c = 0; c < numClasses; c++) {
    const members = labels.flatMap((label, i) => (label === c ? [i] : []));
    for (const k of shuffledIndices(members.length, rng)) foldOf[members[k]] = next++ % folds;
  }
  let right = 0;
  for (let fold = 0; fold < folds; fold++) {
    const train = { embeddings: [] as Float32Array[], labels: [] as number[] };
    const held: number[] = [];
    labels.forEach((label, i) => {
      if (foldOf[i] === fold) held.push(i);
      else {
        train.embeddings.push(embeddings[i]);
        train.labels.push(label);
      }
    });
    const { head } = await trainHead(train, null, numClasses, config, callbacks);
    try {
      if (callbacks.shouldStop?.()) throw new CrossValidationStopped();
      const predicted = tf.tidy(() =>
        (head.predict(tf.tensor2d(held.map((i) => Array.from(embeddings[i])))) as tf.Tensor).argMax(1).dataSync(),
      );
      held.forEach((i, k) => (right += predicted[k] === labels[i] ? 1 : 0));
    } finally {
      head.dispose();
    }
  }
  return right / labels.length;
}
