import * as tf from '@tensorflow/tfjs';

/**
 * Where a MobileNet can be cut between blocks. Fine-tuning "the top k blocks" freezes everything
 * below a block boundary; a boundary is valid only where every path from the image to the
 * features passes through one tensor. In MobileNet V2 that is each inverted-residual block's
 * output (`block_N_add` when the block has a skip connection, else `block_N_project_BN`): the
 * skip connections live inside a block. In V1, which has no skip connections, it is each
 * depthwise-separable block's last activation, `conv_pw_N_relu`.
 *
 * Units counted from the top: V2 unit 1 is the final 1x1 convolution (Conv_1 -> out_relu, 1280
 * channels: the costliest single layer to train, and the one closest to the classifier), unit 2
 * is block 16, unit 3 block 15, ..., then block 0 (expanded_conv), then the stem (Conv1);
 * unfreezing every unit is a full fine-tune. V1 unit 1 is block 13 (conv_dw_13 + conv_pw_13),
 * ..., unit 13 is block 1, unit 14 the stem conv1.
 */

export type MobileNetFamily = 'mobilenet-v2' | 'mobilenet-v1';

export interface BlockMap {
  family: MobileNetFamily;
  /** The functional model holding the blocks (possibly nested inside the loaded model). */
  graph: tf.LayersModel;
  /** The last feature map before pooling: out_relu (V2) or conv_pw_13_relu (V1). */
  featureLayer: string;
  /**
   * boundariesFromTop[k - 1] is the layer whose output feeds the top k units; null means the
   * image input itself (k = all units, a full fine-tune).
   */
  boundariesFromTop: (string | null)[];
  /** unitNames[k - 1] names what unfreezing k units adds on top of k - 1, e.g. "Conv_1", "block 16". */
  unitNames: string[];
}

const V2_FEATURES = 'out_relu';
const V1_FEATURES = 'conv_pw_13_relu';

/** Finds the MobileNet block structure inside `model` (itself or a nested first layer); null for other models. */
export function findBlockMap(model: tf.LayersModel): BlockMap | null {
  const names = new Set(model.layers.map((layer) => layer.name));
  if (names.has(V2_FEATURES) && names.has('Conv1_relu')) return v2Map(model, names);
  if (names.has(V1_FEATURES) && names.has('conv1_relu')) return v1Map(model, names);
  const inner = model.layers.find((layer) => layer instanceof tf.LayersModel);
  return inner instanceof tf.LayersModel ? findBlockMap(inner) : null;
}

function v2Map(graph: tf.LayersModel, names: Set<string>): BlockMap {
  let lastBlock = 0;
  while (names.has(`block_${lastBlock + 1}_project_BN`)) lastBlock++;
  const blockOutput = (block: number) =>
    block === 0 ? 'expanded_conv_project_BN' : names.has(`block_${block}_add`) ? `block_${block}_add` : `block_${block}_project_BN`;
  const boundaries: (string | null)[] = [];
  for (let block = lastBlock; block >= 0; block--) boundaries.push(blockOutput(block));
  boundaries.push('Conv1_relu', null);
  assertLayers(graph, boundaries);
  const unitNames = ['Conv_1'];
  for (let block = lastBlock; block >= 0; block--) unitNames.push(`block ${block}`);
  unitNames.push('stem');
  return { family: 'mobilenet-v2', graph, featureLayer: V2_FEATURES, boundariesFromTop: boundaries, unitNames };
}

function v1Map(graph: tf.LayersModel, names: Set<string>): BlockMap {
  let lastBlock = 0;
  while (names.has(`conv_pw_${lastBlock + 1}_relu`)) lastBlock++;
  const boundaries: (string | null)[] = [];
  for (let block = lastBlock - 1; block >= 1; block--) boundaries.push(`conv_pw_${block}_relu`);
  boundaries.push('conv1_relu', null);
  assertLayers(graph, boundaries);
  const unitNames: string[] = [];
  for (let block = lastBlock; block >= 1; block--) unitNames.push(`block ${block}`);
  unitNames.push('stem');
  return { family: 'mobilenet-v1', graph, featureLayer: `conv_pw_${lastBlock}_relu`, boundariesFromTop: boundaries, unitNames };
}

function assertLayers(graph: tf.LayersModel, names: (string | null)[]): void {
  for (const name of names) if (name !== null) graph.getLayer(name);
}

/** How many units can be unfrozen (the last one is the whole network). */
export function unitCount(map: BlockMap): number {
  return map.boundariesFromTop.length;
}

/** The boundary below the top `units` units; throws for a count out of range. */
export function boundaryFor(map: BlockMap, units: number): string | null {
  if (!Number.isInteger(units) || units < 1 || units > unitCount(map)) {
    throw new Error(`This trunk can unfreeze 1 to ${unitCount(map)} blocks, not ${units}.`);
  }
  return map.boundariesFromTop[units - 1];
}
