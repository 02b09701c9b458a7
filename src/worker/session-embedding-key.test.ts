import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeModel } from '../ml/export-model';
import { disposeModelFully } from '../ml/memory';
import { buildV1StyleModel } from '../ml/testing/tiny-models';
import { MlSession } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tiny trunk's artifacts; `seed` changes its weights, not its layout. */
async function trunkArtifacts(seed: number): Promise<tf.io.ModelArtifacts> {
  const model = buildV1StyleModel();
  const weights = model.getWeights();
  model.setWeights(weights.map((w, i) => tf.fill(w.shape, seed + i * 0.01)));
  const { modelJson, weightData } = await serializeModel(model);
  disposeModelFully(model);
  const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData };
}

describe("cached embeddings follow the trunk's content, not its address", () => {
  it('a changed model at the same URL does not reuse the old vectors; the same model again does', async () => {
    const url = 'https://example.org/trunk/model.json';
    const session = new MlSession();
    const first = await trunkArtifacts(1);
    await session.installTrunk(first, url, 'cpu');
    session.storeEmbedding('photo-1', Float32Array.from([1, 2, 3, 4]));
    expect(session.missingEmbeddings(['photo-1'])).toEqual([]);

    await session.installTrunk(await trunkArtifacts(2), url, 'cpu');
    expect(session.missingEmbeddings(['photo-1'])).toEqual(['photo-1']);

    await session.installTrunk(first, url, 'cpu');
    expect(session.missingEmbeddings(['photo-1'])).toEqual([]);
  });

  it('embeddings saved under the address alone (older stored projects) are not taken for this trunk', async () => {
    const url = 'https://example.org/trunk/model.json';
    const session = new MlSession();
    await session.installTrunk(await trunkArtifacts(3), url, 'cpu');
    session.importEmbeddings([{ trunkId: url, imageId: 'photo-2', vector: Float32Array.from([1, 2, 3, 4]) }]);
    expect(session.missingEmbeddings(['photo-2'])).toEqual(['photo-2']);
    session.storeEmbedding('photo-3', Float32Array.from([5, 6, 7, 8]));
    const [saved] = session.takeUnsavedEmbeddings();
    expect(saved.trunkId).toMatch(/^https:\/\/example\.org\/trunk\/model\.json#sha256:[0-9a-f]{64}$/);
  });

  it('vectors of the wrong length or holding NaN are embedded again, never used', async () => {
    const session = new MlSession();
    await session.installTrunk(await trunkArtifacts(4), 'local:model.json', 'cpu');
    session.storeEmbedding('probe', new Float32Array(session.trunk().embeddingSize));
    const [{ trunkId: key }] = session.takeUnsavedEmbeddings();
    const size = session.trunk().embeddingSize;
    const kept = session.importEmbeddings([
      { trunkId: key, imageId: 'short', vector: new Float32Array(size - 1) },
      { trunkId: key, imageId: 'nan', vector: new Float32Array(size).fill(NaN) },
      { trunkId: key, imageId: 'good', vector: new Float32Array(size).fill(0.5) },
    ]);
    expect(kept).toBe(2);
    expect(session.missingEmbeddings(['short', 'nan', 'good'])).toEqual(['short', 'nan']);
    expect(() => session.embeddingsOf(['short'])).toThrow(/has not been embedded yet/);
  });
});
