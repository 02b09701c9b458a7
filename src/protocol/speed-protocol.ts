// Commands of the speed area: what the worker can say about how it runs (the folded trunk, the
// backend's memory). Used by the benchmark. (The synthetic embedding run for memory checks is a
// test hook: worker/test-hooks-protocol.ts.)

/** The decode worker's copy of the trunk: whether it runs, and how much it has done. */
export interface SecondEmbedderStatus {
  state: 'none' | 'loading' | 'ready' | 'failed';
  /** Batches it has embedded since the page loaded. */
  batches: number;
}

export interface RuntimeReport {
  backend: string;
  /** 'folded' when embeddings run through the folded executor (folded-trunk.ts), 'layers' when not, 'none' before a trunk loads. */
  trunkRunner: 'folded' | 'layers' | 'none';
  /** Why the trunk is not folded; null when it is. */
  foldReason: string | null;
  /** Folded vs layers disagreement measured at load (relative); null when not folded. */
  foldDifference: number | null;
  numTensors: number;
  /** Bytes of live tensors, as tfjs counts them. */
  numBytes: number;
  /** Size of the wasm backend's linear memory (it only grows); null on other backends. */
  wasmHeapBytes: number | null;
  /** The decode worker's copy of the trunk (decode-worker-client.ts). */
  secondEmbedder: SecondEmbedderStatus;
}

export interface SpeedApi {
  runtimeReport(): Promise<RuntimeReport>;
}
