import * as tf from '@tensorflow/tfjs';
import { disposeModelFully } from '../memory';
import { buildBoundaryEncoder, type BoundaryEncoder } from './boundary-encoder';
import { findBlockMap, type BlockMap } from './mobilenet-blocks';

/**
 * A frozen copy of the trunk's source model on the active backend, for the boundary activations
 * the fine-tune strategy trains on and for the block names the fine-tune slider shows. One copy
 * is kept (per trunk and backend) with the boundary encoders built from it.
 */
export interface TrunkCopy {
  key: string;
  model: tf.LayersModel;
  map: BlockMap | null;
  encoders: Map<number, BoundaryEncoder>;
}

export class LabTrunkCopies {
  private copy: TrunkCopy | null = null;

  /** The copy for `trunkId` on the active backend, loaded from `artifacts` when it is not the one held. */
  async copyOf(trunkId: string, artifacts: () => tf.io.ModelArtifacts): Promise<TrunkCopy> {
    const key = `${trunkId}|${tf.getBackend()}`;
    if (this.copy?.key === key) return this.copy;
    this.dispose();
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts()));
    this.copy = { key, model, map: findBlockMap(model), encoders: new Map() };
    return this.copy;
  }

  dispose(): void {
    if (this.copy) disposeModelFully(this.copy.model);
    this.copy = null;
  }
}

export function requireBlocks(current: TrunkCopy): BlockMap {
  if (!current.map)
    throw new Error('This trunk is not a MobileNet V1 or V2, so it has no blocks to fine-tune; the other strategies still work.');
  return current.map;
}

export function encoderFor(current: TrunkCopy, units: number): BoundaryEncoder {
  let encoder = current.encoders.get(units);
  if (!encoder) {
    encoder = buildBoundaryEncoder(requireBlocks(current), units);
    current.encoders.set(units, encoder);
  }
  return encoder;
}

/** The cache key of the activations at `encoder`'s boundary for this copy. */
export function activationKey(current: TrunkCopy, encoder: BoundaryEncoder): string {
  return `${current.key}|${encoder.boundary ?? 'image'}`;
}
