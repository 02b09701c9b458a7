// Remembers which backend the automatic choice picked on this device, so the next page load does
// not time the trunk on every backend again. On a machine without a GPU that timing dominated the
// cold start (webgl runs on SwiftShader and compiling its shaders alone takes seconds), and the
// trunk's own files already come from the browser's HTTP cache on a second load.
//
// The memory is keyed by what decides the outcome (browser, core count, GPU renderer), expires
// after a week, and is only used for the automatic choice at start-up: choosing "auto" again in
// the UI measures afresh and replaces it.
import { openDB, type IDBPDatabase } from 'idb';
import { activateBackend, chooseBackend, type TrunkBuilder } from './backends';
import type { BackendChoice, BackendName, BackendPreference } from '../protocol';

export interface RememberedChoice {
  device: string;
  backend: BackendName;
  reason: string;
  timings: BackendChoice['timings'];
  measuredAt: number;
}

export interface ChoiceStore {
  get(device: string): Promise<RememberedChoice | undefined>;
  put(choice: RememberedChoice): Promise<void>;
}

export const REMEMBER_FOR_MS = 7 * 24 * 60 * 60 * 1000;

/** The remembered choice for `device` if it is recent enough, else null. */
export async function recall(store: ChoiceStore, device: string, now: number): Promise<RememberedChoice | null> {
  const remembered = await store.get(device);
  if (!remembered || remembered.device !== device) return null;
  if (!(now - remembered.measuredAt >= 0 && now - remembered.measuredAt < REMEMBER_FOR_MS)) return null;
  return remembered;
}

/** What the UI says about a remembered choice. */
export function rememberedChoice(remembered: RememberedChoice): BackendChoice {
  const date = new Date(remembered.measuredAt).toISOString().slice(0, 10);
  return {
    backend: remembered.backend,
    reason: `${remembered.reason} (measured on this device on ${date}; choose "auto" to measure again)`,
    timings: remembered.timings,
    overridden: false,
  };
}

/** Browser, cores and GPU: what makes one backend faster than another here. */
export function deviceKey(renderer = gpuRenderer()): string {
  const parts = [typeof navigator !== 'undefined' ? navigator.userAgent : 'no-navigator', String(typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0), renderer];
  return parts.join(' | ');
}

/**
 * WebGL drawn by the CPU (SwiftShader, llvmpipe, Microsoft's Basic Render Driver): there webgl
 * runs the trunk 8-16x slower than wasm, and timing it to find that out (compiling its shaders
 * in software) was most of a cold start.
 */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(renderer);
}

export function gpuRenderer(): string {
  try {
    if (typeof OffscreenCanvas === 'undefined') return 'no-offscreen-canvas';
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'no-webgl2';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return 'unknown-gpu';
  }
}

const DB_NAME = 'transfer-lab-speed';
const STORE = 'backend-choice';

/** The choice store in IndexedDB; null where IndexedDB is unavailable (the choice is then measured each time). */
export async function indexedDbChoiceStore(): Promise<ChoiceStore | null> {
  if (typeof indexedDB === 'undefined') return null;
  let db: IDBPDatabase;
  try {
    db = await openDB(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE, { keyPath: 'device' });
      },
    });
  } catch {
    return null;
  }
  return {
    get: (device) => db.get(STORE, device) as Promise<RememberedChoice | undefined>,
    put: async (choice) => {
      await db.put(STORE, choice);
    },
  };
}

let defaultStore: Promise<ChoiceStore | null> | null = null;

/**
 * chooseBackend, remembering the automatic choice per device: with `useMemory`, a recent
 * remembered choice is activated without timing anything; otherwise (or when it cannot be
 * activated any more) the backends are timed and the result remembered.
 */
export async function chooseBackendRemembering(
  preference: BackendPreference,
  buildTrunk: TrunkBuilder,
  useMemory: boolean,
  store: Promise<ChoiceStore | null> = (defaultStore ??= indexedDbChoiceStore()),
): Promise<BackendChoice> {
  if (preference !== 'auto') return chooseBackend(preference, buildTrunk);
  const renderer = gpuRenderer();
  if (isSoftwareRenderer(renderer)) {
    try {
      await activateBackend('wasm');
      return {
        backend: 'wasm',
        reason: `WebGL here is drawn by the CPU (${renderer}), where it runs the trunk several times slower than wasm, so wasm runs without timing both.`,
        timings: [],
        overridden: false,
      };
    } catch {
      // No wasm either: time what there is.
    }
  }
  const choices = await store;
  const device = deviceKey(renderer);
  if (useMemory && choices) {
    const remembered = await recall(choices, device, Date.now()).catch(() => null);
    if (remembered) {
      try {
        await activateBackend(remembered.backend);
        return rememberedChoice(remembered);
      } catch {
        // It no longer starts here (a lost GPU, a changed browser flag): measure again.
      }
    }
  }
  const choice = await chooseBackend('auto', buildTrunk);
  if (choices && choice.backend !== 'cpu') {
    await choices.put({ device, backend: choice.backend, reason: choice.reason, timings: choice.timings, measuredAt: Date.now() }).catch(() => undefined);
  }
  return choice;
}
