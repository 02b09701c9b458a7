import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads a tfjs layers model folder (model.json + shards) from disk. Pure-JS tfjs has no file
 * IO in Node without tfjs-node, so the files are read here and handed over from memory.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The local trunk mirror: $MODELS_DIR, or ../shared/models next to the repository. */
export function modelsDir(): string {
  return path.resolve(REPO_ROOT, process.env.MODELS_DIR ?? '../shared/models');
}

export function hasModelDir(dir: string): boolean {
  return existsSync(path.join(dir, 'model.json'));
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export function modelDirHandler(dir: string): tf.io.IOHandler {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((shard) => readFileSync(path.join(dir, shard))));
  const joined = Buffer.concat(shards);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  return tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData });
}
