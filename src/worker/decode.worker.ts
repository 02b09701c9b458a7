// A second worker that only decodes and preprocesses images, so the ML worker's thread is left
// to the trunk: while the trunk embeds batch b, this one prepares batch b + 1 on another core.
// It loads no tfjs.
import { expose, transfer } from 'comlink';
import { decodeBatch } from './decode-batch';
import type { DecodeWorkerApi } from './decode-protocol';

const api: DecodeWorkerApi = {
  async decodeBatch(images, size) {
    const batch = await decodeBatch(images, size);
    return transfer(batch, [batch.values.buffer, ...batch.rawPixels.map((r) => r.buffer)]);
  },
};
expose(api);
