import type * as tf from '@tensorflow/tfjs';
import { weightByteLength } from './quantize-weights';
import { TrunkFormatError } from './trunk';

/**
 * Cuts a functional Keras model (as model.json artifacts, before anything is built) at a layer
 * named in the trunk catalogue, and appends global average pooling. Only the layers the cut layer
 * depends on, and their weights, are kept.
 *
 * Why on the artifacts and not on the built model: one catalogue trunk can arrive whole (MobileNet
 * V1 α1.0 from its canonical URL, to `reshape_2`, 16.9 MB) or already cut (the local mirror,
 * cut after block 12 with its own pooling, 8.65 MB). Cutting both here gives the same artifacts:
 * the same layers in the same order, written with sorted keys, the same weights in layer order,
 * and one pooling layer of ours. So the graph, the embeddings and the embedding cache's content
 * key (trunk-content-key.ts hashes these artifacts) do not depend on where the file came from,
 * and the 8.2 MB the full model holds after the cut (block 13, the classifier) never reach the
 * backend.
 */

/** The pooling layer added after the cut layer: "<cut layer>_avg_pool". */
export function cutPoolingName(cutLayer: string): string {
  return `${cutLayer}_avg_pool`;
}

type InboundNodes = [string, number, number, unknown][][];

interface LayerEntry {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name?: string };
  inbound_nodes?: InboundNodes;
}

interface FunctionalConfig {
  class_name: string;
  config: { name?: string; layers: LayerEntry[]; input_layers: [string, number, number][]; output_layers: [string, number, number][] };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function functionalRoot(topology: unknown, trunkName: string, cutLayer: string): FunctionalConfig {
  const root = isRecord(topology) && isRecord(topology.model_config) ? topology.model_config : topology;
  const config = isRecord(root) && isRecord(root.config) ? root.config : null;
  if (!isRecord(root) || !config || !Array.isArray(config.layers) || !Array.isArray(config.input_layers)) {
    const kind = isRecord(root) && typeof root.class_name === 'string' ? root.class_name : 'model of unknown kind';
    throw new TrunkFormatError(
      `"${trunkName}" is cut at its layer "${cutLayer}", which needs a model whose layers are wired by name (a Keras functional model); this model.json holds a ${kind}.`,
    );
  }
  return root as unknown as FunctionalConfig;
}

function layerName(entry: LayerEntry): string {
  return entry.name ?? entry.config.name ?? '';
}

/** The names of `target` and every layer it reads from, directly or not. */
function ancestors(layers: LayerEntry[], target: string): Set<string> {
  const byName = new Map(layers.map((entry) => [layerName(entry), entry]));
  const kept = new Set<string>();
  const pending = [target];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (kept.has(name)) continue;
    kept.add(name);
    for (const node of byName.get(name)?.inbound_nodes ?? []) {
      for (const [source] of node) pending.push(source);
    }
  }
  return kept;
}

/** JSON with every object's keys sorted, so two files that differ only in key order cut to equal text. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys(value[key])]),
  );
}

function joinedWeights(data: tf.io.WeightData): Uint8Array {
  const buffers = [data].flat();
  if (buffers.length === 1) return new Uint8Array(buffers[0]);
  const joined = new Uint8Array(buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined;
}

/**
 * The artifacts of `artifacts` cut at the layer named `cutLayer`, plus a GlobalAveragePooling2D
 * named cutPoolingName(cutLayer) as the only output. Throws a TrunkFormatError naming the layer
 * when the model has no layer of that name (it is then not the model the catalogue describes).
 * `trunkName` is the catalogue's name of the trunk, for the message.
 */
export function cutArtifactsAtLayer(artifacts: tf.io.ModelArtifacts, cutLayer: string, trunkName: string): tf.io.ModelArtifacts {
  const root = functionalRoot(artifacts.modelTopology, trunkName, cutLayer);
  const layers = root.config.layers;
  if (!layers.some((entry) => layerName(entry) === cutLayer)) {
    const last = layers.length > 0 ? layerName(layers[layers.length - 1]) : null;
    throw new TrunkFormatError(
      `This model has no layer named "${cutLayer}". "${trunkName}" takes its image features from that layer, so this file is not that trunk` +
        `${last ? ` (its last layer is "${last}")` : ''}. Load the model.json of the trunk itself, or pick another trunk.`,
    );
  }
  const keptNames = ancestors(layers, cutLayer);
  const kept = layers.filter((entry) => keptNames.has(layerName(entry)));
  for (const [input] of root.config.input_layers) {
    if (!keptNames.has(input)) {
      throw new TrunkFormatError(`The layer "${cutLayer}" does not depend on the model's input "${input}", so no trunk can be cut there.`);
    }
  }
  const pooling = cutPoolingName(cutLayer);
  const poolingEntry: LayerEntry = {
    class_name: 'GlobalAveragePooling2D',
    name: pooling,
    config: { name: pooling, trainable: false, data_format: 'channels_last' },
    inbound_nodes: [[[cutLayer, 0, 0, {}]]],
  };
  const modelTopology = {
    model_config: sortedKeys({
      class_name: root.class_name,
      config: {
        name: 'trunk',
        layers: [...kept, poolingEntry],
        input_layers: root.config.input_layers,
        output_layers: [[pooling, 0, 0]],
      },
    }),
  };

  // Weights are "<layer>/<weight>"; keep the kept layers' weights, in layer order and by name
  // within a layer, so that two manifests listing the same weights in another order still cut to
  // the same bytes (tfjs matches weights to layers by name, not by position).
  const specs = artifacts.weightSpecs ?? [];
  const bytes = joinedWeights(artifacts.weightData ?? new ArrayBuffer(0));
  const located: { spec: tf.io.WeightsManifestEntry; start: number; end: number }[] = [];
  let offset = 0;
  for (const spec of specs) {
    const length = weightByteLength(spec);
    located.push({ spec, start: offset, end: offset + length });
    offset += length;
  }
  const layerOrder = new Map(kept.map((entry, index) => [layerName(entry), index]));
  const keptWeights = located
    .filter(({ spec }) => layerOrder.has(spec.name.split('/')[0]))
    .sort(
      (a, b) =>
        layerOrder.get(a.spec.name.split('/')[0])! - layerOrder.get(b.spec.name.split('/')[0])! ||
        (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0),
    );
  const weightData = new Uint8Array(keptWeights.reduce((sum, weight) => sum + (weight.end - weight.start), 0));
  let written = 0;
  for (const weight of keptWeights) {
    weightData.set(bytes.subarray(weight.start, weight.end), written);
    written += weight.end - weight.start;
  }
  return {
    modelTopology,
    weightSpecs: keptWeights.map(({ spec }) => spec),
    weightData: weightData.buffer,
    format: artifacts.format,
  };
}
