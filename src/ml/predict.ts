import * as tf from '@tensorflow/tfjs';
import { preprocessPixels, type PixelImage } from './preprocess';
import { predictTensor } from './predict-tensor';
import { packRows, readRows } from './rows';
import type { Trunk } from './trunk';

/** Class probabilities for stored embeddings or for new images. */

// Rows per forward pass: bounds backend memory for large sets at no real cost for small ones.
const EMBEDDING_CHUNK = 512;
const IMAGE_BATCH = 16;

/** One probability row per embedding, in the head's class order. */
export async function predictEmbeddings(head: tf.LayersModel, embeddings: Float32Array[]): Promise<Float32Array[]> {
  const probabilities: Float32Array[] = [];
  for (let start = 0; start < embeddings.length; start += EMBEDDING_CHUNK) {
    const output = tf.tidy(() => {
      const xs = packRows(embeddings.slice(start, start + EMBEDDING_CHUNK));
      return predictTensor(head, xs);
    });
    try {
      probabilities.push(...(await readRows(output)));
    } finally {
      output.dispose();
    }
  }
  return probabilities;
}

/**
 * Images -> probabilities with the same preprocessing as training; trunk and head run back to
 * back on the backend, so embeddings are never read back.
 */
export async function predictPixels(trunk: Trunk, head: tf.LayersModel, images: PixelImage[]): Promise<Float32Array[]> {
  const probabilities: Float32Array[] = [];
  for (let start = 0; start < images.length; start += IMAGE_BATCH) {
    const output = tf.tidy(() => {
      const batch = preprocessPixels(images.slice(start, start + IMAGE_BATCH), trunk.imageSize);
      return predictTensor(head, predictTensor(trunk.model, batch));
    });
    try {
      probabilities.push(...(await readRows(output)));
    } finally {
      output.dispose();
    }
  }
  return probabilities;
}
