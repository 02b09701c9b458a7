// The speed area's commands: runtime facts for the benchmark, and a synthetic embedding run that
// shows memory stays flat however many images go through.
import * as tf from '@tensorflow/tfjs';
import { secondEmbedderStatus } from './decode-worker-client';
import { embedBatch } from '../ml';
import { preprocessPixels, type PixelImage } from '../ml';
import type { MlSession } from './session';
import type { RuntimeReport, SpeedApi, SyntheticEmbedReport } from '../protocol';

const SYNTHETIC_BATCH = 16;

function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8?.byteLength ?? null;
}

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

export function createSpeedService(session: MlSession): SpeedApi {
  return {
    async runtimeReport(): Promise<RuntimeReport> {
      const fold = session.hasTrunk() ? session.trunkFold() : null;
      const { numTensors, numBytes } = tf.memory();
      return {
        backend: tf.getBackend(),
        trunkRunner: fold ? (fold.folded ? 'folded' : 'layers') : 'none',
        foldReason: fold?.reason ?? null,
        foldDifference: fold?.difference ?? null,
        numTensors,
        numBytes,
        wasmHeapBytes: wasmHeapBytes(),
        secondEmbedder: secondEmbedderStatus(),
      };
    },

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
  };
}
