// A second worker that decodes and preprocesses images, so the ML worker's thread is left to the
// trunk: while the trunk embeds batch b, this one prepares batch b + 1 on another core. On a
// CPU backend it can also hold a copy of the trunk and embed batches itself (two cores, two
// trunks); only then does it load TensorFlow.js.
import { expose, transfer } from 'comlink';
import { decodeBatch } from './decode-batch';
import type { DecodeWorkerApi } from './decode-protocol';

const embedder = () => import('./second-embedder');

const api: DecodeWorkerApi = {
  async decodeBatch(images, size) {
    const batch = await decodeBatch(images, size);
    return transfer(batch, [batch.values.buffer, ...batch.rawPixels.map((r) => r.buffer)]);
  },
  async loadTrunk(key, trunk) {
    await (await embedder()).loadTrunk(key, trunk);
  },
  async embedBatch(key, images, mirrors) {
    const batch = await (await embedder()).embedBatch(key, images, mirrors);
    return transfer(batch, [batch.embeddings.buffer, batch.mirrors.buffer, ...batch.rawPixels.map((r) => r.buffer)]);
  },
};
expose(api);
