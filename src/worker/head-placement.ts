// Where the head trains while a GPU backend runs the trunk. The head is tiny (1280 -> 100 -> N,
// about 0.4 M multiply-adds per photo per epoch), so on a GPU its cost is dispatch: about 30
// kernels per batch of 16, each a draw call (webgl) or a compute pass (webgpu). On the CPU path
// (wasm + the JS/SIMD loop of head-trainers.ts) a batch costs about 1 ms of arithmetic instead.
// Which is faster depends on the GPU's dispatch cost, so it is measured once per device: one
// epoch of a generated head each way, after a warm-up epoch (shader compilation, wasm start).
import { createRng, DEFAULT_TRAIN_CONFIG, trainHead, type EmbeddedSet } from '../ml';
import type { BackendName, HeadPlacement, HeadPlacementChoice, HeadPlacementPreference } from '../protocol';

/** Backends that draw on a GPU, where the head's placement is a question at all. */
export const GPU_BACKENDS: ReadonlySet<BackendName> = new Set(['webgl', 'webgpu']);
/** The CPU path the head trains on when a GPU runs the trunk. */
export const CPU_HEAD_BACKEND: BackendName = 'wasm';

/** 10 batches of 16: both ways cost per batch, and 10 batches keep the probe under a second on a real GPU. */
const PROBE_EXAMPLES = 160;
const PROBE_CLASSES = 5;

/** Seeded random embeddings with the trunk's size (ReLU6-like values in [0, 6)). */
export function probeSet(embeddingSize: number, count = PROBE_EXAMPLES, classes = PROBE_CLASSES, seed = 1): EmbeddedSet {
  const random = createRng(seed);
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = new Float32Array(embeddingSize);
    for (let j = 0; j < embeddingSize; j++) row[j] = random() * 6;
    embeddings.push(row);
    labels.push(i % classes);
  }
  return { embeddings, labels };
}

/** Milliseconds of the second epoch (the first one warms up) of the default head trained on `backend`. */
export async function timeHeadEpoch(embeddingSize: number, backend: string): Promise<number> {
  const set = probeSet(embeddingSize);
  const result = await trainHead(set, null, PROBE_CLASSES, { ...DEFAULT_TRAIN_CONFIG, epochs: 2 }, {}, { backend });
  result.head.dispose();
  const [first, second] = result.epochs;
  return second.elapsedMs - first.elapsedMs;
}

/** The faster placement from the two measured epochs; on a tie or a failure, the CPU path (it never stalls the GPU). */
export function pickHeadPlacement(trunkBackend: BackendName, cpuMs: number | null, backendMs: number | null): HeadPlacementChoice {
  const epochMs = { cpu: cpuMs, backend: backendMs };
  const onBackend = backendMs !== null && (cpuMs === null || backendMs < cpuMs);
  if (onBackend) {
    const than = cpuMs === null ? 'the CPU path (wasm) cannot start here' : `${cpuMs.toFixed(0)} ms on the CPU path (wasm)`;
    return {
      placement: 'backend',
      backend: trunkBackend,
      reason: `The head trains on ${trunkBackend} too: one epoch took ${backendMs.toFixed(0)} ms there; ${than}.`,
      epochMs,
    };
  }
  if (cpuMs === null)
    return {
      placement: 'backend',
      backend: trunkBackend,
      reason: `The head trains on ${trunkBackend} too: it could not be timed either way.`,
      epochMs,
    };
  const than =
    backendMs === null
      ? `${trunkBackend} failed to train it`
      : `${backendMs.toFixed(0)} ms on ${trunkBackend} (${(backendMs / Math.max(cpuMs, 0.1)).toFixed(1)}x slower)`;
  return {
    placement: 'cpu',
    backend: CPU_HEAD_BACKEND,
    reason: `The head trains on the CPU (wasm): one epoch took ${cpuMs.toFixed(0)} ms there; ${than}.`,
    epochMs,
  };
}

/** Times one epoch both ways on a GPU backend; undefined on CPU backends (the head trains where the trunk runs). */
export async function measureHeadPlacement(trunkBackend: BackendName, embeddingSize: number): Promise<HeadPlacementChoice | undefined> {
  if (!GPU_BACKENDS.has(trunkBackend)) return undefined;
  const time = (backend: string) => timeHeadEpoch(embeddingSize, backend).catch(() => null);
  const cpuMs = await time(CPU_HEAD_BACKEND);
  const backendMs = await time(trunkBackend);
  return pickHeadPlacement(trunkBackend, cpuMs, backendMs);
}

/**
 * The backend the head trains on for a run: the CPU path or the trunk's backend as asked, or
 * the device's measured choice ('auto'); on CPU backends always the trunk's own.
 */
export function headBackendFor(
  trunkBackend: BackendName,
  preference: HeadPlacementPreference,
  measured: HeadPlacementChoice | undefined,
): BackendName {
  if (!GPU_BACKENDS.has(trunkBackend)) return trunkBackend;
  const placement: HeadPlacement = preference === 'auto' ? (measured?.placement ?? 'cpu') : preference;
  return placement === 'cpu' ? CPU_HEAD_BACKEND : trunkBackend;
}
