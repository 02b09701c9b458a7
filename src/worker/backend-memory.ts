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
import { CPU_HEAD_BACKEND, GPU_BACKENDS, measureHeadPlacement } from './head-placement';
import type { BackendChoice, BackendName, BackendPreference, HeadPlacementChoice } from '../protocol';

export interface RememberedChoice {
  device: string;
  backend: BackendName;
  reason: string;
  timings: BackendChoice['timings'];
  measuredAt: number;
  /** Where the head trains on this device (GPU backends only; head-placement.ts). */
  head?: HeadPlacementChoice;
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
    ...(remembered.head ? { head: remembered.head } : {}),
  };
}

/** Browser, cores and GPU (and the WebGPU adapter, where there is one): what makes one backend faster than another here. */
export function deviceKey(renderer = gpuRenderer(), adapter: GpuAdapterSummary | null = null): string {
  const parts = [
    typeof navigator !== 'undefined' ? navigator.userAgent : 'no-navigator',
    String(typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0),
    renderer,
  ];
  if (adapter) parts.push(`webgpu ${adapter.description}`);
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

/** What the WebGPU adapter says about itself (GPUAdapterInfo), enough to tell a software one. */
export interface GpuAdapterSummary {
  /** "vendor architecture device description", e.g. "google swiftshader". */
  description: string;
  /** The browser's own verdict (GPUAdapterInfo.isFallbackAdapter, formerly on the adapter). */
  isFallbackAdapter: boolean;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface NavigatorWithGpu {
  gpu?: { requestAdapter(options?: { powerPreference?: string }): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null> };
}

/**
 * The adapter tfjs-backend-webgpu would get ('high-performance', as it asks), or null where
 * there is no WebGPU or no adapter (headless Chromium without --enable-unsafe-webgpu).
 */
export async function gpuAdapter(): Promise<GpuAdapterSummary | null> {
  try {
    const gpu = typeof navigator !== 'undefined' ? (navigator as unknown as NavigatorWithGpu).gpu : undefined;
    const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const description =
      [info.vendor, info.architecture, info.device, info.description].filter((part) => part).join(' ') || 'unknown adapter';
    return { description, isFallbackAdapter: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true };
  } catch {
    return null;
  }
}

/**
 * A WebGPU adapter that computes on the CPU: the browser's fallback adapter, or one whose info
 * names a CPU rasteriser. Here Chromium's is "google swiftshader" with isFallbackAdapter true.
 */
export function isSoftwareAdapter(adapter: GpuAdapterSummary): boolean {
  return adapter.isFallbackAdapter || isSoftwareRenderer(adapter.description);
}

/** The backends worth timing here: wasm, and each GPU backend unless it is drawn by the CPU. */
export function timedCandidates(renderer: string, adapter: GpuAdapterSummary | null): BackendName[] {
  const candidates: BackendName[] = ['wasm'];
  if (!isSoftwareRenderer(renderer)) candidates.push('webgl');
  if (adapter && !isSoftwareAdapter(adapter)) candidates.push('webgpu');
  return candidates;
}

/** Why no GPU backend was timed, for the UI. */
function softwareOnlyReason(renderer: string, adapter: GpuAdapterSummary | null): string {
  const webgpu = adapter ? `; WebGPU's adapter computes on the CPU too (${adapter.description})` : '';
  return `WebGL here is drawn by the CPU (${renderer})${webgpu}. There a GPU backend runs the trunk several times slower than wasm, so wasm runs without timing them.`;
}

/**
 * On a GPU backend, adds where the head trains (one epoch timed each way, head-placement.ts);
 * any other choice is returned as it is.
 */
async function withHeadPlacement(
  choice: BackendChoice,
  buildTrunk: TrunkBuilder,
  renderer: string,
  adapter: GpuAdapterSummary | null,
): Promise<BackendChoice> {
  if (!GPU_BACKENDS.has(choice.backend)) return choice;
  const software =
    choice.backend === 'webgl'
      ? isSoftwareRenderer(renderer)
        ? renderer
        : null
      : adapter && isSoftwareAdapter(adapter)
        ? adapter.description
        : null;
  if (software) {
    // As for the trunk, the answer is known where the GPU is drawn by the CPU: SwiftShader's webgl
    // took 356 ms per epoch against wasm's 18 (issue #18), and timing it costs seconds of shader compilation.
    const reason = `The head trains on the CPU (wasm): ${choice.backend} here computes on the CPU too (${software}), where the head trains many times slower, so it is not timed.`;
    return { ...choice, head: { placement: 'cpu', backend: CPU_HEAD_BACKEND, reason } };
  }
  try {
    const { trunk, dispose } = await buildTrunk();
    const embeddingSize = trunk.embeddingSize;
    dispose();
    const head = await measureHeadPlacement(choice.backend, embeddingSize);
    return head ? { ...choice, head } : choice;
  } catch {
    return choice;
  }
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
  const renderer = gpuRenderer();
  const adapter = await gpuAdapter();
  if (preference !== 'auto') return withHeadPlacement(await chooseBackend(preference, buildTrunk), buildTrunk, renderer, adapter);
  const candidates = timedCandidates(renderer, adapter);
  if (candidates.length === 1 && isSoftwareRenderer(renderer)) {
    try {
      await activateBackend('wasm');
      return { backend: 'wasm', reason: softwareOnlyReason(renderer, adapter), timings: [], overridden: false };
    } catch {
      // No wasm either: time what there is.
    }
  }
  const choices = await store;
  const device = deviceKey(renderer, adapter);
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
  // Only wasm left but it failed to start above: time webgl too, software or not.
  const timed: BackendName[] = candidates.length === 1 && isSoftwareRenderer(renderer) ? ['wasm', 'webgl'] : candidates;
  const choice = await withHeadPlacement(await chooseBackend('auto', buildTrunk, timed), buildTrunk, renderer, adapter);
  if (choices && choice.backend !== 'cpu') {
    const head = choice.head ? { head: choice.head } : {};
    await choices
      .put({ device, backend: choice.backend, reason: choice.reason, timings: choice.timings, measuredAt: Date.now(), ...head })
      .catch(() => undefined);
  }
  return choice;
}
