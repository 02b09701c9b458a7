import type * as tf from '@tensorflow/tfjs';
import { topModel } from './graph-split';
import { boundaryFor, type BlockMap } from './mobilenet-blocks';

/**
 * How deep to unfreeze, chosen by measurement. The activations are cached once at the deepest
 * candidate's boundary; a shallower depth is the same model with the units between that boundary
 * and its own frozen again (trainable = false), so every depth trains on the same cache.
 */

/** The depths tried below a deepest one: all of them up to 3, else the top unit, the middle one and the deepest. */
export function depthCandidates(deepest: number): number[] {
  if (!Number.isInteger(deepest) || deepest < 1) throw new Error(`Fine-tuning unfreezes at least 1 block, got ${deepest}.`);
  if (deepest <= 3) return Array.from({ length: deepest }, (_, i) => i + 1);
  return [...new Set([1, Math.round(deepest / 2), deepest])];
}

/** Layer names of the top `units` units of the trunk. */
function unitLayerNames(map: BlockMap, units: number): Set<string> {
  const top = topModel(map.graph, boundaryFor(map, units), map.featureLayer);
  return new Set(top.layers.map((layer) => layer.name));
}

/**
 * Returns a function that leaves only the top `units` trunk units (and everything above the
 * trunk: pooling, head) trainable in `model`, a fine-tune model built for `deepest` units.
 */
export function depthSetter(model: tf.LayersModel, map: BlockMap, deepest: number): (units: number) => void {
  const all = unitLayerNames(map, deepest);
  const byDepth = new Map<number, Set<string>>();
  return (units) => {
    if (units < 1 || units > deepest) throw new Error(`This fine-tune model can unfreeze 1 to ${deepest} blocks, not ${units}.`);
    if (!byDepth.has(units)) byDepth.set(units, unitLayerNames(map, units));
    const open = byDepth.get(units)!;
    for (const layer of model.layers) layer.trainable = !all.has(layer.name) || open.has(layer.name);
  };
}
