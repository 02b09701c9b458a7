import type * as tf from '@tensorflow/tfjs';
import { embedBatch, type TrunkRunner } from './embed';
import { stackWithMirrors } from './mirror-stack';

/**
 * Mirror views: each photo is also embedded flipped left to right, and the head learns from both.
 * A flower or an ant seen in a mirror is still a flower or an ant, so the mirror is a free extra
 * example. It is the one augmentation that paid on both benchmark sets (docs/accuracy.md: mirror
 * views plus the final fit on the validation photos, +2.1 points on flowers12 12x10 and +1.3 on
 * hymenoptera, medians of 3 seeds; zoomed and brighter views did not pay).
 *
 * The flip is made on the preprocessed [n, S, S, 3] batch, which is the same as flipping the photo
 * first: the centre crop is symmetric. Both views go through the trunk in one call, so a batch of
 * 16 photos is one trunk pass of 32; decoding is not repeated.
 */
export async function embedBatchWithMirrors(
  runner: TrunkRunner,
  batch: tf.Tensor4D,
): Promise<{ embeddings: Float32Array[]; mirrors: Float32Array[] }> {
  const count = batch.shape[0];
  const both = stackWithMirrors(batch);
  try {
    const rows = await embedBatch(runner, both);
    return { embeddings: rows.slice(0, count), mirrors: rows.slice(count) };
  } finally {
    both.dispose();
  }
}

/** The key mirror views are cached under, beside the trunk's own key (an embedding cache key or a trunk id). */
export function mirrorViewKey(trunkKey: string): string {
  return `${trunkKey}+mirror`;
}
