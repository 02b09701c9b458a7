// The worker's side of engine-watch-protocol.ts: the life lock, and a listener on the webgl
// backend's canvas for `webglcontextlost`. After a lost context tfjs's webgl backend keeps its
// dead textures and programs: every later op fails or reads zeros, so the worker cannot go on;
// the page replaces it (client.ts) and reloads the trunk on wasm (app/worker-recovery.ts).
import * as tf from '@tensorflow/tfjs';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { homeBackend } from '../ml';
import type { EngineLossReason, EngineWatchApi } from './engine-watch-protocol';

/** The WebGL context of the webgl backend when it is the backend in use, else null. */
export function activeWebglContext(): WebGLRenderingContext | null {
  // The head may be training on wasm for a moment (onBackend): the trunk's webgl still counts.
  if (homeBackend() !== 'webgl') return null;
  try {
    const backend = tf.findBackend('webgl');
    return backend instanceof MathBackendWebGL ? backend.gpgpu.gl : null;
  } catch {
    return null; // the backend is still initialising
  }
}

export interface EngineWatch {
  api: EngineWatchApi;
  /** Starts listening to the webgl backend's canvas if one is in use and not yet watched. */
  watchBackend(): void;
}

export function createEngineWatch(): EngineWatch {
  const watched = new WeakSet<object>();
  let listener: ((reason: EngineLossReason) => void) | null = null;
  return {
    api: {
      holdLifeLock: (name) => {
        const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
        if (!locks) return Promise.resolve(false);
        return new Promise<boolean>((resolve, reject) => {
          locks
            .request(name, () => {
              resolve(true);
              return new Promise<never>(() => undefined); // held until the worker ends
            })
            .catch(reject);
        });
      },
      onEngineLost: (next) => {
        listener = next;
      },
    },
    watchBackend: () => {
      const canvas = activeWebglContext()?.canvas;
      if (!canvas || watched.has(canvas)) return;
      watched.add(canvas);
      canvas.addEventListener('webglcontextlost', () => {
        // A context the worker no longer computes on (it moved to wasm) can go quietly.
        if (homeBackend() === 'webgl') listener?.('webglContextLost');
      });
    },
  };
}

/**
 * Wraps every command so that the webgl canvas is watched as soon as a command (loading the
 * trunk, switching the backend) has put webgl in use.
 */
export function watchingAfterEachCommand<T extends object>(api: T, watch: () => void): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(api)) {
    wrapped[name] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => unknown)(...args);
            } finally {
              watch();
            }
          }
        : value;
  }
  return wrapped as T;
}
