// Picks the tfjs backend that runs the trunk fastest on this device: on a laptop GPU that is
// webgl or webgpu, on a machine without one (webgl on SwiftShader) it is wasm, by 8-16x.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import type { Trunk } from '../ml';
import type { BackendChoice, BackendName, BackendPreference, BackendTiming } from '../protocol';
import { useBundledWasmBinaries } from './wasm-paths';
import { errorMessage } from '../lib/error-message';

useBundledWasmBinaries();

/** Candidates timed in auto mode unless the caller narrows them; cpu (pure JS) is only the last resort. */
const TIMED_BACKENDS: BackendName[] = ['wasm', 'webgl', 'webgpu'];
const TIMED_PASSES = 3;

export type TrunkBuilder = () => Promise<{ trunk: Trunk; dispose: () => void }>;

let webgpuLoaded: Promise<unknown> | null = null;

/**
 * tfjs-backend-webgpu is loaded only when webgpu is about to be timed or activated (it is timed
 * only on a hardware adapter: backend-memory.ts). Imported at start-up it would cost every device
 * its ~0.9 MB, and it would register itself as tfjs's default backend (priority 3, initialised
 * asynchronously), so any tfjs call before the choice failed ("webgpu has not yet been initialized").
 */
async function loadWebgpu(): Promise<void> {
  await (webgpuLoaded ??= import('@tensorflow/tfjs-backend-webgpu'));
  if (!tf.findBackendFactory('webgpu')) throw new Error('this browser has no WebGPU');
}

export async function activateBackend(name: BackendName): Promise<void> {
  let ok = false;
  if (name === 'webgpu') {
    try {
      await loadWebgpu();
    } catch (error) {
      throw new Error(`The webgpu backend cannot start here: ${errorMessage(error)}`);
    }
  }
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Error(`The ${name} backend cannot start here: ${errorMessage(error)}`);
  }
  if (!ok) throw new Error(`The ${name} backend is not available in this browser`);
  await tf.ready();
}

async function timeTrunkPass(trunk: Trunk): Promise<number> {
  const input = tf.zeros([1, trunk.imageSize, trunk.imageSize, 3]);
  try {
    const started = performance.now();
    const output = trunk.model.predict(input) as tf.Tensor;
    await output.data();
    output.dispose();
    return performance.now() - started;
  } finally {
    input.dispose();
  }
}

async function measureBackend(name: BackendName, buildTrunk: TrunkBuilder): Promise<BackendTiming> {
  try {
    await activateBackend(name);
    const { trunk, dispose } = await buildTrunk();
    try {
      await timeTrunkPass(trunk); // warm-up: shader compilation, wasm memory growth
      const times: number[] = [];
      for (let i = 0; i < TIMED_PASSES; i++) times.push(await timeTrunkPass(trunk));
      times.sort((a, b) => a - b);
      return { backend: name, passMs: times[Math.floor(times.length / 2)] };
    } finally {
      dispose();
    }
  } catch (error) {
    return { backend: name, passMs: null, error: errorMessage(error) };
  }
}

function describeChoice(best: BackendTiming, timings: BackendTiming[]): string {
  const others = timings.filter((t) => t.backend !== best.backend);
  const parts = others.map((t) =>
    t.passMs === null
      ? `${t.backend} is unavailable (${t.error ?? 'failed'})`
      : `${t.backend} takes ${t.passMs.toFixed(0)} ms (${(t.passMs / (best.passMs ?? 1)).toFixed(1)}x slower)`,
  );
  return `Fastest here: ${best.backend} runs one image through the trunk in ${best.passMs?.toFixed(0)} ms; ${parts.join('; ')}.`;
}

/**
 * Times one trunk pass on each candidate and activates the fastest; with an explicit preference,
 * activates that one (and says it was the user's choice).
 */
export async function chooseBackend(
  preference: BackendPreference,
  buildTrunk: TrunkBuilder,
  candidates: readonly BackendName[] = TIMED_BACKENDS,
): Promise<BackendChoice> {
  if (preference !== 'auto') {
    await activateBackend(preference);
    return { backend: preference, reason: `Chosen by you (automatic choice is off).`, timings: [], overridden: true };
  }
  const timings: BackendTiming[] = [];
  for (const name of candidates) timings.push(await measureBackend(name, buildTrunk));
  const working = timings.filter((t): t is BackendTiming & { passMs: number } => t.passMs !== null);
  if (working.length === 0) {
    await activateBackend('cpu');
    const failures = timings.map((t) => `${t.backend}: ${t.error ?? 'failed'}`).join('; ');
    return {
      backend: 'cpu',
      reason: `None of ${candidates.join(', ')} could run here (${failures}); using the slow pure-JavaScript backend.`,
      timings,
      overridden: false,
    };
  }
  const best = working.reduce((a, b) => (b.passMs < a.passMs ? b : a));
  await activateBackend(best.backend);
  return { backend: best.backend, reason: describeChoice(best, timings), timings, overridden: false };
}
