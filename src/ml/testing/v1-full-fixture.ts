import type * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRng } from '../rng';

/**
 * A stand-in for the whole MobileNet V1 α1.0 at its canonical URL
 * (https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/model.json), which we do
 * not have: the local mirror's copy cut after block 12 (Google's weights up to conv_pw_12_relu),
 * plus the layers the full model has after it, built at test time and never written to the repo.
 * The added layers' descriptions are V1 α0.25's (the full model in the mirror) at α1.0's channel
 * count (256 -> 1024), and their weight files carry the group names the α0.25 model gives them
 * (the mirror's α1.0 copy lacks exactly group10, 11, 29, 37 and 38). Their weights are generated
 * (seeded), so only the part before the cut is real; that is the part a cut trunk uses.
 */

/** The folders of the mirror this needs. */
export const V1_B12_FOLDER = 'mobilenet_v1_1.0_224_b12';
export const V1_025_FOLDER = 'mobilenet_v1_0.25_224';

/** The layers the full model has after conv_pw_12_relu, in order. */
export const LAYERS_AFTER_BLOCK_12 = [
  'conv_dw_13',
  'conv_dw_13_bn',
  'conv_dw_13_relu',
  'conv_pw_13',
  'conv_pw_13_bn',
  'conv_pw_13_relu',
  'global_average_pooling2d_1',
  'reshape_1',
  'dropout',
  'conv_preds',
  'act_softmax',
  'reshape_2',
];

interface LayerEntry {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[];
}

export interface ModelJson {
  modelTopology: { model_config: { class_name: string; config: { layers: LayerEntry[]; output_layers: [string, number, number][] } } };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export interface ModelFolder {
  modelJson: ModelJson;
  /** Weight files by their path in the manifest. */
  files: Map<string, Uint8Array>;
}

/** Channels of the last blocks at α0.25 and α1.0. */
const ALPHA_025_CHANNELS = 256;
const ALPHA_1_CHANNELS = 1024;

function readJson(file: string): ModelJson {
  return JSON.parse(readFileSync(file, 'utf8')) as ModelJson;
}

/** Swaps α0.25's 256 channels for α1.0's 1024 in a layer config or a weight shape. */
function scaleChannels<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (v === ALPHA_025_CHANNELS ? ALPHA_1_CHANNELS : v)) as T;
}

/** Seeded values for one weight: BatchNorm variances positive, gammas near 1, kernels scaled by fan-in. */
function generatedWeight(spec: tf.io.WeightsManifestEntry, rng: () => number): Float32Array {
  const size = spec.shape.reduce((p, d) => p * d, 1);
  const values = new Float32Array(size);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const kind = spec.name.split('/')[1];
  const fanIn = spec.shape.length === 4 ? spec.shape[0] * spec.shape[1] * (kind === 'depthwise_kernel' ? 1 : spec.shape[2]) : 1;
  for (let i = 0; i < size; i++) {
    if (kind === 'moving_variance') values[i] = 0.5 + rng();
    else if (kind === 'gamma') values[i] = 0.8 + 0.4 * rng();
    else if (kind === 'bias' || kind === 'beta' || kind === 'moving_mean') values[i] = 0.1 * normal();
    else values[i] = normal() / Math.sqrt(fanIn);
  }
  return values;
}

/** Reads a model folder of the mirror as a model.json and its weight files. */
export function readModelFolder(dir: string): ModelFolder {
  const modelJson = readJson(path.join(dir, 'model.json'));
  const files = new Map<string, Uint8Array>();
  for (const group of modelJson.weightsManifest) {
    for (const shard of group.paths) files.set(shard, new Uint8Array(readFileSync(path.join(dir, shard))));
  }
  return { modelJson, files };
}

/** The whole V1 α1.0 model as served at its canonical URL, rebuilt from the mirror (see above). */
export function buildV1FullFixture(modelsDir: string, seed = 13): ModelFolder {
  const b12 = readModelFolder(path.join(modelsDir, V1_B12_FOLDER));
  const small = readJson(path.join(modelsDir, V1_025_FOLDER, 'model.json'));
  const modelJson = JSON.parse(JSON.stringify(b12.modelJson)) as ModelJson;
  const config = modelJson.modelTopology.model_config.config;
  // The mirror's own pooling after block 12 goes: the full model pools after block 13.
  config.layers = config.layers.filter((layer) => layer.name !== 'global_average_pooling2d_1');
  const smallLayers = small.modelTopology.model_config.config.layers;
  for (const name of LAYERS_AFTER_BLOCK_12) {
    const layer = smallLayers.find((l) => l.name === name);
    if (!layer) throw new Error(`${V1_025_FOLDER}/model.json has no layer "${name}".`);
    config.layers.push(scaleChannels(layer));
  }
  config.output_layers = [['reshape_2', 0, 0]];

  const added = new Set(LAYERS_AFTER_BLOCK_12);
  const rng = createRng(seed);
  const files = new Map(b12.files);
  const groups = [...modelJson.weightsManifest];
  for (const group of small.weightsManifest) {
    if (!group.weights.some((w) => added.has(w.name.split('/')[0]))) continue;
    if (group.paths.length !== 1) throw new Error(`Expected one shard per group in ${V1_025_FOLDER}.`);
    const weights = scaleChannels(group.weights);
    const values = weights.map((spec) => generatedWeight(spec, rng));
    const bytes = new Uint8Array(values.reduce((sum, v) => sum + v.byteLength, 0));
    let offset = 0;
    for (const v of values) {
      bytes.set(new Uint8Array(v.buffer), offset);
      offset += v.byteLength;
    }
    files.set(group.paths[0], bytes);
    groups.push({ paths: group.paths, weights });
  }
  const groupNumber = (group: { paths: string[] }) => Number(/^group(\d+)-/.exec(group.paths[0])?.[1] ?? 0);
  modelJson.weightsManifest = groups.sort((a, b) => groupNumber(a) - groupNumber(b));
  return { modelJson, files };
}

/** The folder as tfjs artifacts (one weight buffer in manifest order), for tf.io.fromMemory or the worker's loader. */
export function folderArtifacts(folder: ModelFolder): tf.io.ModelArtifacts {
  const weightSpecs = folder.modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = folder.modelJson.weightsManifest.flatMap((group) => group.paths.map((p) => folder.files.get(p)!));
  const joined = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    joined.set(shard, offset);
    offset += shard.byteLength;
  }
  return { modelTopology: folder.modelJson.modelTopology, weightSpecs, weightData: joined.buffer };
}

/** A copy of the folder with layer `from` named `to` (in its config and wherever another layer reads it): a model without a layer named `from`. */
export function renameLayer(folder: ModelFolder, from: string, to: string): ModelFolder {
  const text = JSON.stringify(folder.modelJson);
  if (!text.includes(`"${from}"`)) throw new Error(`No layer "${from}" to rename.`);
  return { modelJson: JSON.parse(text.replaceAll(`"${from}"`, `"${to}"`)) as ModelJson, files: folder.files };
}
