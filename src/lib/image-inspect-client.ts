// A small pool of inspection workers. Each worker takes a few files at a time, so a burst of
// thousands of files never holds thousands of decoded bitmaps at once. A worker that dies (its
// script fails to load, e.g. after an app update removed it, or it is stopped) fails the
// inspections it holds with a message, instead of leaving the import waiting forever, and is
// replaced by a fresh one for the next file.
import { wrap, type Remote } from 'comlink';
import type { ImageInspection } from './image-inspect';
import type { ImageInspectApi } from './image-inspect.worker';

const IN_FLIGHT_PER_WORKER = 2;

interface PoolWorker {
  remote: Remote<ImageInspectApi>;
  busy: number;
  /** Rejects when the worker reports an error event (failed to load, or crashed). */
  died: Promise<never>;
  dead: boolean;
}

let pool: (PoolWorker | null)[] | null = null;
const waiting: (() => void)[] = [];
let started = 0;

function poolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  // One core stays with the page and one with the ML worker on small machines.
  return Math.max(1, Math.min(4, cores - 1));
}

function startWorker(slot: number): PoolWorker {
  const worker = new Worker(new URL('./image-inspect.worker.ts', import.meta.url), {
    type: 'module',
    name: `transfer-lab-inspect-${++started}`,
  });
  const entry: PoolWorker = {
    remote: wrap<ImageInspectApi>(worker),
    busy: 0,
    dead: false,
    died: Promise.resolve() as unknown as Promise<never>,
  };
  entry.died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      // An uncaught error inside a live worker also lands here: either way it is not trusted again.
      event.preventDefault();
      entry.dead = true;
      worker.terminate();
      if (pool && pool[slot] === entry) pool[slot] = null;
      reject(new Error(event instanceof ErrorEvent && event.message ? event.message : 'the image checker stopped'));
      // Someone waiting for a free slot gets the fresh worker that replaces this one.
      waiting.shift()?.();
    });
  });
  entry.died.catch(() => undefined);
  return entry;
}

function workers(): PoolWorker[] {
  if (!pool) pool = Array.from({ length: poolSize() }, () => null);
  for (let slot = 0; slot < pool.length; slot++) if (!pool[slot]) pool[slot] = startWorker(slot);
  return pool as PoolWorker[];
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
    return await Promise.race([worker.remote.inspect(file), worker.died]);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (worker.dead)
      return { ok: false, problem: 'corrupt', reason: `could not be checked: the image checker stopped (${why}); add it again` };
    return { ok: false, problem: 'corrupt', reason: `could not be checked (${why})` };
  } finally {
    release(worker);
  }
}
