import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { embedPixels } from './embed';
import { foldTrunk } from './folded-trunk';
import { countTensors } from './memory';
import { createRng } from './rng';
import { randomImage } from './testing/pixels';
import { TINY_MOBILENET_SIZE, buildTinyMobileNetV2 } from './testing/tiny-mobilenet';
import { cutTrunk, disposeTrunk } from './trunk';

/** The wasm backend's linear memory: it only ever grows, so growth per image shows up here. */
function wasmHeapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;
}

describe('embedding many images (wasm)', () => {
  it('embeds 1,000 images in batches with no tensors left and no heap growth after the first batches', async () => {
    await tf.setBackend('wasm');
    const trunk = cutTrunk(buildTinyMobileNetV2(), 'tiny-v2-memory');
    const folded = (await foldTrunk(trunk))!;
    const rng = createRng(3);
    // 50 distinct images, cycled: 1,000 embeddings through the real batch path.
    const images = Array.from({ length: 50 }, (_, i) => randomImage(TINY_MOBILENET_SIZE + (i % 7), TINY_MOBILENET_SIZE + 3, rng));
    const before = countTensors();
    let heapAfterWarmUp = 0;
    let embedded = 0;
    for (let round = 0; round < 20; round++) {
      for (const runner of [folded, trunk]) {
        if (runner === trunk && round % 5 !== 0) continue; // the layers path too, less often
        const rows = await embedPixels(runner, images, 16);
        embedded += rows.length;
      }
      if (round === 1) heapAfterWarmUp = wasmHeapBytes();
      expect(countTensors()).toBe(before);
    }
    expect(embedded).toBeGreaterThanOrEqual(1000);
    expect(wasmHeapBytes()).toBe(heapAfterWarmUp);
    folded.dispose();
    disposeTrunk(trunk);
  }, 120_000);
});
