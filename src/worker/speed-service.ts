// The speed area's commands: runtime facts for the benchmark.
import * as tf from '@tensorflow/tfjs';
import { secondEmbedderStatus } from './decode-worker-client';
import type { MlSession } from './session';
import type { RuntimeReport, SpeedApi } from '../protocol';

/** Size of the wasm backend's linear memory (it only grows); null on other backends. */
export function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8?.byteLength ?? null;
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
  };
}
