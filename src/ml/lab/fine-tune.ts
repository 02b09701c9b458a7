import * as tf from '@tensorflow/tfjs';
import { bottomModel, topModel } from './graph-split';
import { boundaryFor, type BlockMap } from './mobilenet-blocks';

/**
 * Fine-tuning the top k blocks the cheap way. The frozen bottom never changes, so its output
 * for each image (the activations at the freeze boundary) is computed once and cached; every
 * training step then runs only the unfrozen top and the head:
 *   cached activations -> top blocks -> global average pooling -> head -> probabilities.
 * The top re-applies the loaded model's own layers, so it starts from the pretrained weights,
 * and with the head trained on the frozen trunk's embeddings, fine-tuning starts exactly where
 * feature extraction stopped. Batch norm stays in inference mode (the Keras recipe): its moving
 * statistics, learnt on ImageNet, are not replaced by those of a few tiny batches.
 */

export interface FineTuneModel {
  /** image -> boundary activations; null when every block is unfrozen (the cache holds images). */
  bottom: tf.LayersModel | null;
  /** boundary activations -> class probabilities; its trainable weights are the top blocks and the head. */
  model: tf.LayersModel;
  boundary: string | null;
  /** Shape of one cached activation, e.g. [7, 7, 56]. */
  boundaryShape: number[];
}

/** Builds the split for `units` unfrozen blocks over `head` (which it shares, not copies). */
export function buildFineTuneModel(map: BlockMap, units: number, head: tf.LayersModel): FineTuneModel {
  const boundary = boundaryFor(map, units);
  const top = topModel(map.graph, boundary, map.featureLayer);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'fine_tune_pool' }).apply(top.outputs[0]) as tf.SymbolicTensor;
  const probabilities = head.apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: top.inputs, outputs: probabilities, name: `fine_tune_top_${units}` });
  for (const layer of model.layers) layer.trainable = true;
  return { bottom: bottomModel(map.graph, boundary), model, boundary, boundaryShape: top.inputs[0].shape.slice(1) as number[] };
}
