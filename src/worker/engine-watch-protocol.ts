// How the page learns that the ML worker's engine is gone (client.ts): the worker holds a Web Lock
// for as long as it lives, and reports a lost WebGL context. Types only: the page imports no tfjs.

/** Why the engine stopped: its worker ended (crashed, killed), or the GPU dropped its WebGL context. */
export type EngineLossReason = 'workerEnded' | 'webglContextLost';

export interface EngineWatchApi {
  /**
   * Takes a Web Lock named `name` and keeps it until the worker ends; resolves once it is held
   * (false where the browser has no Web Locks). The browser frees a worker's locks when the worker
   * ends for any reason, so the page's own request for the same name is granted exactly then.
   */
  holdLifeLock(name: string): Promise<boolean>;
  /** Calls `listener` when the webgl backend in use loses its context (a GPU reset or driver crash). */
  onEngineLost(listener: (reason: EngineLossReason) => void): void;
}
