// The only place that creates the ML worker. The page talks to it through `mlClient()` (typed,
// promise-returning commands) and hears its events through `onWorkerEvent`.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { ImageBytes, MlWorkerApi, WorkerEvent, WorkerEventListener } from '../protocol';
import { transferableBytes } from './transferable-bytes';

let remote: Remote<MlWorkerApi> | null = null;
const listeners = new Set<WorkerEventListener>();

export function mlClient(): Remote<MlWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./ml.worker.ts', import.meta.url), { type: 'module', name: 'transfer-lab-ml' });
    remote = wrap<MlWorkerApi>(worker);
    void remote.subscribe(proxy((event: WorkerEvent) => listeners.forEach((listener) => listener(event))));
  }
  return remote;
}

export function onWorkerEvent(listener: WorkerEventListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks the images' buffers for transfer so the bytes move to the worker instead of being copied. */
export function transferImages<T extends ImageBytes | ImageBytes[]>(images: T): T {
  const list: ImageBytes[] = Array.isArray(images) ? images : [images];
  return transfer(images, transferableBytes(list));
}
