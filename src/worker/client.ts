// The only place that creates the ML worker. The page talks to it through `mlClient()` (typed,
// promise-returning commands) and hears its events through `onWorkerEvent`.
//
// The worker can end under the page: the browser kills it (out of memory, a crash), or the GPU
// drops the webgl backend's context. Comlink calls to a dead worker never settle, so every call
// here races the end of the worker it went to, which the page learns from a Web Lock the worker
// holds for its whole life (engine-watch-protocol.ts) or from the worker's own report of a lost
// context. Then pending calls reject with `WorkerStoppedError`, `onWorkerStopped` listeners run
// (app/worker-recovery.ts), and the next call starts a fresh worker.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { EngineLossReason, EngineWatchApi } from './engine-watch-protocol';
import type { ImageBytes, MlWorkerApi, WorkerEvent, WorkerEventListener } from '../protocol';
import { transferableBytes } from './transferable-bytes';
import type { TestHooksApi } from './test-hooks-protocol';

type WorkerApi = MlWorkerApi & EngineWatchApi & Partial<TestHooksApi>;

export interface WorkerStop {
  reason: EngineLossReason;
  /** Which worker ended (1 for the first one of the page). */
  generation: number;
}

/** What a call rejects with when its worker ends before answering. */
export class WorkerStoppedError extends Error {
  constructor(readonly stop: WorkerStop) {
    super(
      stop.reason === 'webglContextLost'
        ? 'The graphics chip (WebGL) stopped working during this task, so it was cut short.'
        : 'The training engine stopped unexpectedly during this task, so it was cut short.',
    );
    this.name = 'WorkerStoppedError';
  }
}

interface LiveWorker {
  generation: number;
  worker: Worker;
  remote: Remote<WorkerApi>;
  /** Rejects (with WorkerStoppedError) when this worker ends. */
  ended: Promise<never>;
  end: (reason: EngineLossReason) => void;
}

let current: LiveWorker | null = null;
let generations = 0;
const listeners = new Set<WorkerEventListener>();
const stopListeners = new Set<(stop: WorkerStop) => void>();

function lifeLockName(generation: number): string {
  const unique = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `transfer-lab-ml-worker-${generation}-${unique}`;
}

function startWorker(): LiveWorker {
  const generation = ++generations;
  const worker = new Worker(new URL('./ml.worker.ts', import.meta.url), { type: 'module', name: 'transfer-lab-ml' });
  const remote = wrap<WorkerApi>(worker);
  let rejectEnded: (error: Error) => void = () => undefined;
  const ended = new Promise<never>((_, reject) => (rejectEnded = reject));
  ended.catch(() => undefined); // callers race it; this only keeps an unraced end from being reported as unhandled
  let alive = false;
  const live: LiveWorker = {
    generation,
    worker,
    remote,
    ended,
    end: (reason) => {
      if (current !== live) return; // already ended
      current = null;
      worker.terminate();
      const stop: WorkerStop = { reason, generation };
      rejectEnded(new WorkerStoppedError(stop));
      stopListeners.forEach((listener) => listener(stop));
    },
  };
  // A worker whose script fails to load reports an `error` and never runs; once it runs, an
  // uncaught error inside it leaves it running (comlink returns command errors as rejections).
  worker.addEventListener('error', () => {
    if (!alive) live.end('workerEnded');
  });
  void remote.subscribe(proxy((event: WorkerEvent) => listeners.forEach((listener) => listener(event))));
  void remote.onEngineLost(proxy((reason: EngineLossReason) => live.end(reason)));
  const lockName = lifeLockName(generation);
  remote
    .holdLifeLock(lockName)
    .then((held) => {
      alive = true;
      // Granted only once the worker's lock is freed: when the worker has ended, however it ended.
      if (held) return navigator.locks.request(lockName, () => live.end('workerEnded'));
    })
    .catch(() => undefined); // no Web Locks to be had: a crash goes unnoticed, a lost WebGL context does not
  return live;
}

function liveWorker(): LiveWorker {
  current ??= startWorker();
  return current;
}

/**
 * Commands whose answer is known once their worker has ended, instead of an error: the embeddings
 * a dead worker had not handed over are gone, so there is nothing to save (the autosave would
 * otherwise report a failed save; the next Train computes them again).
 */
const ANSWER_OF_ENDED_WORKER: Partial<Record<keyof MlWorkerApi, unknown>> = { takeUnsavedEmbeddings: [] };

function racingEnd<T extends object>(pick: (live: LiveWorker) => Remote<T>): Remote<T> {
  return new Proxy({} as Remote<T>, {
    get(_, name) {
      // Not a thenable: returning the client from an async function must not call it.
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (...args: unknown[]) => {
        const live = liveWorker();
        const command = (pick(live) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
        const ended =
          name in ANSWER_OF_ENDED_WORKER ? live.ended.catch(() => ANSWER_OF_ENDED_WORKER[name as keyof MlWorkerApi]) : live.ended;
        return Promise.race([command(...args), ended]);
      };
    },
  });
}

const client = racingEnd<MlWorkerApi>((live) => live.remote);

/** The ML worker's commands; each rejects with WorkerStoppedError if the worker ends before answering. */
export function mlClient(): Remote<MlWorkerApi> {
  return client;
}

export function onWorkerEvent(listener: WorkerEventListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs `listener` each time the worker ends under the page (its pending calls reject right after). */
export function onWorkerStopped(listener: (stop: WorkerStop) => void): () => void {
  stopListeners.add(listener);
  return () => stopListeners.delete(listener);
}

/** Marks the images' buffers for transfer so the bytes move to the worker instead of being copied. */
export function transferImages<T extends ImageBytes | ImageBytes[]>(images: T): T {
  const list: ImageBytes[] = Array.isArray(images) ? images : [images];
  return transfer(images, transferableBytes(list));
}

/** For app/test-hooks.ts only (test builds): the worker's test-only commands. */
export function mlTestClient(): Remote<TestHooksApi> {
  return racingEnd<TestHooksApi>((live) => live.remote as unknown as Remote<TestHooksApi>);
}

/** For app/test-hooks.ts only (test builds): ends the worker as a crash would, without telling this module. */
export function terminateWorkerForTest(): boolean {
  if (!current) return false;
  current.worker.terminate();
  return true;
}
