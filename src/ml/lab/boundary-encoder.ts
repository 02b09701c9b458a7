import * as tf from '@tensorflow/tfjs';
import { bottomModel, tensorAt, topModel } from './graph-split';
import { boundaryFor, type BlockMap } from './mobilenet-blocks';

/**
 * The frozen, inference-only side of fine-tuning: images -> activations at the freeze boundary
 * (cached once per image), and those activations -> the trunk's embedding (global average
 * pooling of the last feature map), so one pass through the trunk fills both caches.
 * Both models share the layers of `map.graph`; nothing here owns weights.
 */
export interface BoundaryEncoder {
  boundary: string | null;
  /** null when the boundary is the image itself. */
  bottom: tf.LayersModel | null;
  toEmbedding: tf.LayersModel;
}

export function buildBoundaryEncoder(map: BlockMap, units: number): BoundaryEncoder {
  const boundary = boundaryFor(map, units);
  const top = topModel(map.graph, boundary, map.featureLayer);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'boundary_embedding_pool' }).apply(top.outputs[0]) as tf.SymbolicTensor;
  return { boundary, bottom: bottomModel(map.graph, boundary), toEmbedding: tf.model({ inputs: top.inputs, outputs: pooled }) };
}

/** Floats per image cached at each unit count's boundary (index k - 1), for memory estimates. */
export function floatsPerImage(map: BlockMap): number[] {
  return map.boundariesFromTop.map((boundary) => (tensorAt(map.graph, boundary).shape.slice(1) as number[]).reduce((a, b) => a * b, 1));
}
