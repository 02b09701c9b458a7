import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from './train-config';
import { trainHead, type EmbeddedSet, type TrainCallbacks, type TrainOptions, type TrainResult } from './train-head';

/**
 * The default training path, in two rounds:
 *  1. the watched run: the head learns from the training photos (and their mirror views) while
 *     the validation photos, never trained on, draw the validation curve;
 *  2. the final fit: once that run has shown how many epochs to train, a fresh head learns from
 *     the training AND validation photos (and their mirrors) for the same number of epochs. That
 *     head is the model: Try it, the evaluation of a test set and the export use it.
 * Teachable Machine holds out 15% of the photos and never trains on them; with 10 photos a
 * class that is 2 photos in 10 left unused. Training on them too raised test accuracy by 0.8
 * points on flowers12 12x10 and 0.6 on hymenoptera, and with mirror views by 2.1 and 1.3
 * (docs/accuracy.md, medians of 3 seeds).
 */

export interface TrainingViews {
  /** Learn from each photo's mirror view too (mirror-views.ts). */
  mirrorViews: boolean;
  /** After the watched run, train a fresh head on training and validation photos together. */
  finalFit: boolean;
}

export interface SplitRows {
  /** One embedding per photo, in the photos' order. */
  embeddings: Float32Array[];
  /** The mirror view's embedding of each photo, same order; needed when views.mirrorViews. */
  mirrors: Float32Array[] | null;
  labels: number[];
  trainIndices: number[];
  valIndices: number[];
}

export interface TrainingSets {
  /** What the watched run learns from. */
  train: EmbeddedSet;
  /** What draws its validation curve (never mirrored: it stands for new photos); null when none. */
  val: EmbeddedSet | null;
  /** What the final fit learns from; null when there is no final fit (turned off, or no validation photos to add). */
  final: EmbeddedSet | null;
}

/** The photos of `indices`, followed by their mirror views when `withMirrors`. */
function setOf(rows: SplitRows, indices: number[], withMirrors: boolean): EmbeddedSet {
  const embeddings = indices.map((i) => rows.embeddings[i]);
  const labels = indices.map((i) => rows.labels[i]);
  if (!withMirrors) return { embeddings, labels };
  if (!rows.mirrors) throw new Error('Mirror views were asked for, but the photos have no mirror embeddings.');
  const mirrors = rows.mirrors;
  return { embeddings: [...embeddings, ...indices.map((i) => mirrors[i])], labels: [...labels, ...labels] };
}

export function trainingSets(rows: SplitRows, views: TrainingViews): TrainingSets {
  const { trainIndices, valIndices } = rows;
  return {
    train: setOf(rows, trainIndices, views.mirrorViews),
    val: valIndices.length > 0 ? setOf(rows, valIndices, false) : null,
    final: views.finalFit && valIndices.length > 0 ? setOf(rows, [...trainIndices, ...valIndices], views.mirrorViews) : null,
  };
}

export interface FinalFitCallbacks extends TrainCallbacks {
  /** Awaited after each epoch of the final fit: that epoch (1-based), of how many, on how many examples. */
  onFinalFitEpoch?: (progress: FinalFitProgress) => void | Promise<void>;
}

export interface FinalFitProgress {
  epoch: number;
  totalEpochs: number;
  examples: number;
}

export interface FinalFitResult {
  /** The watched run. Its head is the caller's; it is the model when there was no final fit. */
  watched: TrainResult;
  /** The final fit's head (the caller's to dispose), or null: none planned, or stopped (then the watched head is the model). */
  final: { head: tf.Sequential; epochs: number; examples: number; ms: number } | null;
}

/**
 * Runs the watched run, then the final fit when `sets.final` is given and the watched run was not
 * stopped. The final fit uses the watched run's completed epoch count and the same seed. A stop
 * during the final fit drops its head and keeps the watched one.
 */
export async function trainWithFinalFit(
  sets: TrainingSets,
  numClasses: number,
  config: TrainConfig,
  callbacks: FinalFitCallbacks = {},
  options: TrainOptions = {},
): Promise<FinalFitResult> {
  const watched = await trainHead(sets.train, sets.val, numClasses, config, callbacks, options);
  if (!sets.final || watched.stoppedEarly || watched.epochs.length === 0) return { watched, final: null };
  const examples = sets.final.labels.length;
  const epochs = watched.epochs.length;
  try {
    const started = performance.now();
    const fitted = await trainHead(
      sets.final,
      null,
      numClasses,
      { ...config, epochs },
      {
        onEpoch: (log) => callbacks.onFinalFitEpoch?.({ epoch: log.epoch, totalEpochs: epochs, examples }),
        shouldStop: callbacks.shouldStop,
      },
      options,
    );
    if (fitted.stoppedEarly) {
      fitted.head.dispose();
      return { watched, final: null };
    }
    return { watched, final: { head: fitted.head, epochs, examples, ms: performance.now() - started } };
  } catch (error) {
    watched.head.dispose();
    throw error;
  }
}
