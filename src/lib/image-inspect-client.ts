// A small pool of inspection workers. Each worker takes a few files at a time, so a burst of
// thousands of files never holds thousands of decoded bitmaps at once.
import { wrap, type Remote } from 'comlink';
import type { ImageInspection } from './image-inspect';
import type { ImageInspectApi } from './image-inspect.worker';

const IN_FLIGHT_PER_WORKER = 2;

interface PoolWorker {
  remote: Remote<ImageInspectApi>;
  busy: number;
}

let pool: PoolWorker[] | null = null;
const waiting: (() => void)[] = [];

function poolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  // One core stays with the page and one with the ML worker on small machines.
  return Math.max(1, Math.min(4, cores - 1));
}

function workers(): PoolWorker[] {
  if (!pool) {
    pool = Array.from({ length: poolSize() }, (_, i) => ({
      remote: wrap<ImageInspectApi>(new Worker(new URL('./image-inspect.worker.ts', import.meta.url), { type: 'module', name: `transfer-lab-inspect-${i + 1}` })),
      busy: 0,
    }));
  }
  return pool;
}

async function acquire(): Promise<PoolWorker> {
  for (;;) {
    const free = workers()
      .filter((w) => w.busy < IN_FLIGHT_PER_WORKER)
      .sort((a, b) => a.busy - b.busy)[0];
    if (free) {
      free.busy++;
      return free;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

function release(worker: PoolWorker): void {
  worker.busy--;
  waiting.shift()?.();
}

/** Inspects one file off the main thread (the File is passed by reference, not copied). */
export async function inspectImageFile(file: Blob): Promise<ImageInspection> {
  const worker = await acquire();
  try {
    return await worker.remote.inspect(file);
  } catch (error) {
    return { ok: false, problem: 'corrupt', reason: `could not be checked (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    release(worker);
  }
}
