// The worker's test-only commands (test-hooks-protocol.ts). ml.worker.ts adds them only when
// `__TEST_HOOKS__` is set, so production builds drop this module.
import * as tf from '@tensorflow/tfjs';
import { embedBatch, preprocessPixels, type PixelImage } from '../ml';
import { activeWebglContext } from './engine-watch';
import type { MlSession } from './session';
import { wasmHeapBytes } from './speed-service';
import type { SyntheticEmbedReport, TestHooksApi } from './test-hooks-protocol';

const SYNTHETIC_BATCH = 16;

/** A cheap, varied RGBA image (a moving gradient), so no two batches are identical. */
function syntheticImage(size: number, seed: number): PixelImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0, p = 0; p < size * size; p++, i += 4) {
    data[i] = (p + seed * 7) & 255;
    data[i + 1] = ((p >> 3) + seed * 13) & 255;
    data[i + 2] = (p * 3 + seed) & 255;
    data[i + 3] = 255;
  }
  return { width: size, height: size, data };
}

export function createTestHooksService(session: MlSession): TestHooksApi {
  return {
    async embedSynthetic(count, size): Promise<SyntheticEmbedReport> {
      if (!Number.isInteger(count) || count < 1 || !Number.isInteger(size) || size < 1) {
        throw new Error(`embedSynthetic needs a positive image count and size, got ${count} and ${size}.`);
      }
      const runner = session.trunkRunner();
      const tensorsBefore = tf.memory().numTensors;
      let wasmHeapAfterFirstBatch: number | null = null;
      const started = performance.now();
      for (let done = 0; done < count; done += SYNTHETIC_BATCH) {
        const images = Array.from({ length: Math.min(SYNTHETIC_BATCH, count - done) }, (_, i) => syntheticImage(size, done + i));
        const batch = preprocessPixels(images, runner.imageSize);
        try {
          await embedBatch(runner, batch);
        } finally {
          batch.dispose();
        }
        if (done === 0) wasmHeapAfterFirstBatch = wasmHeapBytes();
      }
      return {
        images: count,
        ms: performance.now() - started,
        tensorsBefore,
        tensorsAfter: tf.memory().numTensors,
        wasmHeapAfterFirstBatch,
        wasmHeapAfter: wasmHeapBytes(),
      };
    },

    async loseWebglContext() {
      const gl = activeWebglContext();
      const extension = gl?.getExtension('WEBGL_lose_context');
      if (!extension) return false;
      extension.loseContext();
      return true;
    },
  };
}
