import * as tf from '@tensorflow/tfjs';

/**
 * "Reuse the architecture, not the weights": the trunk's own layer graph, rebuilt from its
 * model.json topology with fresh, seeded initialisers instead of the pretrained weights, and
 * with a smaller input. MobileNet is fully convolutional, so the same graph runs at 64 px as at
 * 224 px with about 12x less arithmetic: that is what makes training it end to end from
 * random weights fit a browser's time budget.
 */

type Json = { [key: string]: unknown };

const FEATURE_LAYERS = ['out_relu', 'conv_pw_13_relu'];
const MODEL_CLASSES = new Set(['Model', 'Functional']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function layerList(node: Json): Json[] | null {
  const config = node.config;
  if (Array.isArray(config)) return config.filter(isObject);
  if (isObject(config) && Array.isArray(config.layers)) return config.layers.filter(isObject);
  return null;
}

function layerName(layer: Json): string {
  const config = isObject(layer.config) ? layer.config : {};
  return String(layer.name ?? config.name ?? '');
}

/** The functional model config (class_name Model/Functional) whose layers include a MobileNet feature layer. */
export function findFeatureGraphConfig(topology: unknown): { node: Json; featureLayer: string } | null {
  if (!isObject(topology)) return null;
  if (isObject(topology.model_config)) return findFeatureGraphConfig(topology.model_config);
  const layers = layerList(topology);
  if (!layers) return null;
  if (MODEL_CLASSES.has(String(topology.class_name))) {
    const names = new Set(layers.map(layerName));
    const featureLayer = FEATURE_LAYERS.find((name) => names.has(name));
    if (featureLayer) return { node: topology, featureLayer };
  }
  for (const layer of layers) {
    const found = findFeatureGraphConfig(layer);
    if (found) return found;
  }
  return null;
}

/** Names of the layers feeding `target` (itself included), from Keras inbound_nodes entries. */
function ancestors(layers: Json[], target: string): Set<string> {
  const byName = new Map(layers.map((layer) => [layerName(layer), layer]));
  const keep = new Set<string>();
  const pending = [target];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (keep.has(name)) continue;
    keep.add(name);
    const nodes = byName.get(name)?.inbound_nodes;
    if (!Array.isArray(nodes)) continue;
    for (const node of nodes) {
      if (!Array.isArray(node)) continue;
      for (const entry of node) if (Array.isArray(entry) && typeof entry[0] === 'string') pending.push(entry[0]);
    }
  }
  return keep;
}

/** Gives every initialiser that takes a seed its own, derived from `seed`, so a seed fixes the weights. */
function seedInitialisers(layers: Json[], seed: number): void {
  layers.forEach((layer, index) => {
    const config = layer.config;
    if (!isObject(config)) return;
    for (const [key, value] of Object.entries(config)) {
      if (!key.endsWith('_initializer') || !isObject(value) || !isObject(value.config)) continue;
      if (
        'seed' in value.config ||
        value.class_name === 'VarianceScaling' ||
        /Uniform|Normal|Glorot|He|Lecun|Orthogonal/.test(String(value.class_name))
      ) {
        value.config.seed = seed * 1000 + index;
      }
    }
  });
}

/**
 * Batch norm's running averages (what inference mode, and so every validation score, uses)
 * follow the training batches at this rate. Keras' MobileNets use 0.999, tuned for hundreds of
 * thousands of steps; over the lab's few dozen the averages would still describe the random
 * starting network and validation would sit at chance whatever was learnt.
 */
export const RANDOM_WEIGHTS_BN_MOMENTUM = 0.9;

function shortenBatchNormMemory(layers: Json[]): void {
  for (const layer of layers) {
    if (layer.class_name === 'BatchNormalization' && isObject(layer.config)) layer.config.momentum = RANDOM_WEIGHTS_BN_MOMENTUM;
  }
}

/**
 * The trunk's feature graph (image -> last feature map, [h, w, channels]) with random weights
 * and input [imageSize, imageSize, 3]. Throws when the topology holds no MobileNet graph.
 */
export async function buildRandomWeightsTrunk(topology: unknown, imageSize: number, seed: number): Promise<tf.LayersModel> {
  if (!Number.isInteger(imageSize) || imageSize < 32 || imageSize % 32 !== 0) {
    throw new Error(`MobileNet needs an image size that is a multiple of 32 (it halves the image 5 times), got ${imageSize}.`);
  }
  const found = findFeatureGraphConfig(topology);
  if (!found)
    throw new Error(
      "The trunk's model.json holds no MobileNet V1/V2 graph (no out_relu or conv_pw_13_relu layer), so its architecture cannot be rebuilt.",
    );
  const node = structuredClone(found.node);
  const config = node.config as Json;
  const layers = (config.layers as Json[]).filter(isObject);
  const keep = ancestors(layers, found.featureLayer);
  const kept = layers.filter((layer) => keep.has(layerName(layer)));
  for (const layer of kept) {
    if (layer.class_name !== 'InputLayer' || !isObject(layer.config)) continue;
    layer.config.batch_input_shape = [null, imageSize, imageSize, 3];
    delete layer.config.batch_shape;
  }
  seedInitialisers(kept, seed);
  shortenBatchNormMemory(kept);
  config.layers = kept;
  config.output_layers = [[found.featureLayer, 0, 0]];
  config.name = `random_${String(config.name ?? 'mobilenet')}`;
  return tf.models.modelFromJSON({ modelTopology: node } as unknown as tf.io.ModelJSON);
}
