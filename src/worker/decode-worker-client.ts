// The ML worker's side of the decode worker (decode.worker.ts): started on first use, used as a
// decoder, and on CPU backends as a second embedder holding a copy of the folded trunk.
import { transfer, wrap, type Remote } from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../lib/error-message';
import type { TrunkRunner } from '../ml';
import type { FoldedTrunk } from '../ml';
import { portableBuffers, portableFoldedTrunk } from '../ml';
import { decodeBatch } from './decode-batch';
import type { BatchDecoder, DecodeWorkerApi, SecondEmbedderBatch } from './decode-protocol';
import type { ImageBytes, SecondEmbedderStatus } from '../protocol';
import { transferableBytes } from './transferable-bytes';

interface DecodeWorker {
  remote: Remote<DecodeWorkerApi>;
  /** Rejects when the worker reports an error (its script failed to load, it crashed). */
  failed: Promise<never>;
}

let decodeWorker: DecodeWorker | null | undefined;

/** The decode worker, started on first use; null where one cannot be started (the caller decodes in-thread). */
function startDecodeWorker(): DecodeWorker | null {
  if (decodeWorker !== undefined) return decodeWorker;
  try {
    if (typeof Worker === 'undefined') return (decodeWorker = null);
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'transfer-lab-decode' });
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => reject(new Error(event.message || 'the decode worker stopped')));
    });
    failed.catch(() => undefined);
    decodeWorker = { remote: wrap<DecodeWorkerApi>(worker), failed };
  } catch {
    decodeWorker = null;
  }
  return decodeWorker;
}

function giveUpOnWorker(error: unknown): void {
  decodeWorker = null;
  loadedTrunk = null;
  console.warn(`The decode worker failed (${errorMessage(error)}); decoding and embedding in the ML worker from now on.`);
}

/**
 * Copies of buffers go to the worker and the originals stay, so a failed worker can be replaced
 * by this thread (a copy of a photo's bytes costs far less than decoding it). Blobs are
 * immutable handles: both threads can read the same one.
 */
function transferredCopies(images: ImageBytes[]): ImageBytes[] {
  const copies = images.map((image) => (image.bytes instanceof ArrayBuffer ? { ...image, bytes: image.bytes.slice(0) } : image));
  return transfer(copies, transferableBytes(copies));
}

/** Decodes in the calling thread. */
export const inThreadDecoder: BatchDecoder = { decode: decodeBatch };

/** Decodes in the decode worker, falling back to this thread for good if that worker fails. */
export const workerDecoder: BatchDecoder = {
  async decode(images, size) {
    const worker = startDecodeWorker();
    if (worker) {
      try {
        return await Promise.race([worker.remote.decodeBatch(transferredCopies(images), size), worker.failed]);
      } catch (error) {
        giveUpOnWorker(error);
      }
    }
    return decodeBatch(images, size);
  },
};

/** A second trunk that embeds batches beside this thread's. */
export interface SecondEmbedder {
  /** Resolves once it holds the trunk; rejects when it cannot (the caller embeds alone). */
  ready: Promise<void>;
  /** With `mirrors`, the mirror view of each image too (embedBatchWithMirrors). */
  embed(images: ImageBytes[], mirrors: boolean): Promise<SecondEmbedderBatch>;
}

const keys = new WeakMap<FoldedTrunk, string>();
let nextKey = 0;
let loadedTrunk: { key: string; loading: Promise<void> } | null = null;

/** What the bench and the browser tests read: is there a second embedder, and how much has it done. */
const status: SecondEmbedderStatus = { state: 'none', batches: 0 };

export function secondEmbedderStatus(): SecondEmbedderStatus {
  return { ...status };
}

/**
 * The decode worker as a second embedder for `runner`, where that pays: the trunk is folded (so
 * it can be copied), the backend is wasm (on a GPU backend the trunk is not CPU-bound, and a CPU
 * copy beside it would only be slower) and the CPU has at least two cores. The first call starts
 * loading the trunk there; batches go to it once it is ready. Null where it does not pay.
 */
export function secondEmbedder(runner: TrunkRunner): SecondEmbedder | null {
  if (!('program' in runner)) return null;
  if (tf.getBackend() !== 'wasm') return null;
  if (typeof navigator === 'undefined' || !(navigator.hardwareConcurrency >= 2)) return null;
  const worker = startDecodeWorker();
  if (!worker) return null;
  let key = keys.get(runner);
  if (!key) keys.set(runner, (key = `trunk-${++nextKey}`));
  // It could not load this trunk: leave the decode worker to decoding.
  if (loadedTrunk?.key === key && status.state === 'failed') return null;
  if (loadedTrunk?.key !== key) {
    const loading = portableFoldedTrunk(runner).then((portable) =>
      worker.remote.loadTrunk(key, transfer(portable, portableBuffers(portable))),
    );
    loadedTrunk = { key, loading: Promise.race([loading, worker.failed]) };
    status.state = 'loading';
    loadedTrunk.loading.then(
      () => void (status.state = 'ready'),
      (error: unknown) => {
        status.state = 'failed';
        console.warn(`The decode worker could not load the trunk (${errorMessage(error)}); the ML worker embeds alone.`);
      },
    );
  }
  const trunkKey = key;
  return {
    ready: loadedTrunk.loading,
    async embed(images, mirrors) {
      try {
        const batch = await Promise.race([worker.remote.embedBatch(trunkKey, transferredCopies(images), mirrors), worker.failed]);
        status.batches++;
        return batch;
      } catch (error) {
        status.state = 'failed';
        giveUpOnWorker(error);
        throw error;
      }
    },
  };
}
