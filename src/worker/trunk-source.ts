// Reads a trunk's model.json and weights once, on the JS side, so the same bytes can be built on
// every backend that is timed without downloading them again.
import * as tf from '@tensorflow/tfjs';
import { disposeModelFully } from '../ml';
import { checkDeclaredShapes } from '../ml';
import { totalWeightBytes } from '../ml';
import { cutTrunk, disposeTrunk, type Trunk } from '../ml';
import { cutArtifactsAtLayer } from '../ml';
import { recordArtifacts } from '../ml';
import type { TrunkSource } from '../protocol';
import { MAX_TRUNK_DOWNLOAD_BYTES, trunkFetch, TrunkUrlError, type TrunkFetchLimits } from './trunk-url';

/** Where the app runs (its own trunks may come over http from there) and the download cap. */
function defaultLimits(): TrunkFetchLimits {
  return { appOrigin: globalThis.location?.origin ?? 'null', maxBytes: MAX_TRUNK_DOWNLOAD_BYTES };
}

/**
 * Reads model.json and its weights (URL: https or the app's own origin, no credentials, at most
 * MAX_TRUNK_DOWNLOAD_BYTES; see trunk-url.ts) and checks the declared layer sizes against the
 * weights before anything is built from them (ml/model-shape-check.ts). A source with a `cut` is then
 * cut at that layer (ml/trunk-cut.ts).
 */
export async function readTrunkArtifacts(
  source: TrunkSource,
  onProgress: (fraction: number) => void,
  limits: TrunkFetchLimits = defaultLimits(),
): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts;
  if (source.kind === 'url') {
    try {
      // Progress comes from trunkFetch as bytes stream in: tf.io.http's own onProgress leaves a
      // rejected promise unhandled whenever a weight file fails.
      const fetchFunc = trunkFetch(limits, fetch, onProgress);
      artifacts = await loadArtifacts(tf.io.http(source.url, { fetchFunc, requestInit: { credentials: 'omit' } }));
    } catch (error) {
      if (error instanceof TrunkUrlError) throw error;
      throw new Error(`Could not load the trunk from ${source.url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (source.kind === 'files') {
    artifacts = await loadArtifacts(tf.io.browserFiles(orderModelFiles(source.files)));
    onProgress(1);
  } else {
    artifacts = recordArtifacts(source.record);
    onProgress(1);
  }
  if (!artifacts.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error('This file is not a TensorFlow.js layers model (model.json needs "modelTopology" and "weightsManifest").');
  }
  const expected = totalWeightBytes(artifacts.weightSpecs);
  const actual = [artifacts.weightData].flat().reduce((sum, buffer) => sum + buffer.byteLength, 0);
  if (actual !== expected) {
    throw new Error(
      `The weight files hold ${actual.toLocaleString('en')} bytes but model.json describes ${expected.toLocaleString('en')}: a file is truncated, damaged or belongs to another model.`,
    );
  }
  checkDeclaredShapes(artifacts.modelTopology, artifacts.weightSpecs);
  // A catalogue trunk with a cut: the same trunk whether the file is whole (canonical URL) or
  // already cut (local mirror); the content key is then computed from these cut artifacts.
  if (source.kind === 'url' && source.cut) return cutArtifactsAtLayer(artifacts, source.cut.layer, source.cut.trunkName);
  return artifacts;
}

function loadArtifacts(handler: tf.io.IOHandler): Promise<tf.io.ModelArtifacts> {
  if (!handler.load) throw new Error('This model source cannot be read.');
  return handler.load();
}

/** tf.io.browserFiles wants model.json first, then the weight files. */
function orderModelFiles(files: File[]): File[] {
  const json = files.filter((file) => file.name.endsWith('.json'));
  if (json.length !== 1) {
    throw new Error(`Pick exactly one model.json together with its weight files (got ${json.length} .json files).`);
  }
  return [json[0], ...files.filter((file) => file !== json[0])];
}

export interface BuiltTrunk {
  trunk: Trunk;
  dispose: () => void;
}

/** Builds the trunk on the active backend; `dispose` frees every weight of the loaded model. */
export async function buildTrunk(artifacts: tf.io.ModelArtifacts, id: string): Promise<BuiltTrunk> {
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  let trunk: Trunk;
  try {
    trunk = cutTrunk(loaded, id);
  } catch (error) {
    disposeModelFully(loaded);
    throw error;
  }
  return { trunk, dispose: () => disposeTrunk(trunk) };
}
