// What the worker holds between commands: the trunk (and the bytes it was built from), the
// trained head, the embedding cache, the event listener and stop requests. Services
// (pipeline-service.ts and the others composed in ml.worker.ts) work through these accessors.
import * as tf from '@tensorflow/tfjs';
import { isFiniteVector, type EmbeddingEntry } from '../lib/embedding-set';
import type { TrunkRunner } from '../ml';
import { foldTrunkChecked, mirrorViewKey, type CheckedFold } from '../ml';
import { warmUpTrunk, type Trunk } from '../ml';
import { chooseBackendRemembering } from './backend-memory';
import { EmbeddingCache } from './embedding-cache';
import { embedImageBytes, workerDecoder } from './embed-pipeline';
import { secondEmbedder } from './decode-worker-client';
import type {
  BackendChoice,
  BackendPreference,
  EmbedOutcome,
  ImageBytes,
  TrunkInfo,
  TrunkSource,
  WorkerEvent,
  WorkerEventListener,
} from '../protocol';
import { trunkContentKey } from './trunk-content-key';
import { buildTrunk, readTrunkArtifacts, type BuiltTrunk } from './trunk-source';

const EMBED_BATCH_SIZE = 16;

interface LoadedTrunk {
  artifacts: tf.io.ModelArtifacts;
  built: BuiltTrunk;
  backend: BackendChoice;
  loadMs: number;
  /** The inference-only executor embeddings run through, when the trunk folds and checks out. */
  fold: CheckedFold;
  /** What its embeddings are cached (and stored) under: id plus a hash of its content (trunk-content-key.ts). */
  cacheKey: string;
}

export interface TrainedHead {
  model: tf.Sequential;
  labels: string[];
  trunkId: string;
  /**
   * The watched run's head, when a final fit (final-fit.ts) made `model` from training and
   * validation photos together: only it can still be scored on the validation photos.
   */
  beforeFinalFit?: tf.Sequential;
}

/** Which images the last finished run trained, validated and tested on (ids, in class order). */
export interface RunSplit {
  runId: string;
  trunkId: string;
  labels: string[];
  train: { id: string; classIndex: number }[];
  val: { id: string; classIndex: number }[];
  test: { id: string; classIndex: number }[];
}

/**
 * Lets queued messages (a stop request, the next command) run. A MessageChannel message rather
 * than setTimeout(0): browsers clamp nested timeouts to 4 ms, which a training loop yielding
 * once per 20-ms epoch would pay fifty times.
 */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

export class MlSession {
  private listener: WorkerEventListener | null = null;
  private loaded: LoadedTrunk | null = null;
  private head: TrainedHead | null = null;
  private split: RunSplit | null = null;
  private readonly cache = new EmbeddingCache();
  /** 16x16 RGB per image (trunk-independent), made while the decoded pixels are at hand: the embedding map's raw-pixel side. */
  private readonly rawPixels = new Map<string, Float32Array>();
  private readonly stopRequests = new Set<string>();
  private readonly activeRuns = new Set<string>();

  subscribe(listener: WorkerEventListener): void {
    this.listener = listener;
  }

  emit(event: WorkerEvent): void {
    this.listener?.(event);
  }

  // --- trunk ---------------------------------------------------------------------------------

  async loadTrunk(source: TrunkSource, backend: BackendPreference): Promise<TrunkInfo> {
    const started = performance.now();
    const artifacts = await readTrunkArtifacts(source, (fraction) =>
      this.emit({ type: 'trunkProgressed', id: source.id, fraction, stage: 'download' }),
    );
    return this.installTrunk(artifacts, source.id, backend, started);
  }

  /** Makes already-read model artifacts the trunk (e.g. the trunk inside an imported model). */
  async installTrunk(
    artifacts: tf.io.ModelArtifacts,
    id: string,
    backend: BackendPreference,
    started = performance.now(),
  ): Promise<TrunkInfo> {
    this.emit({ type: 'trunkProgressed', id, fraction: 1, stage: 'backend' });
    // Building checks the layout before the old trunk is dropped: a bad file changes nothing.
    const probe = await buildTrunk(artifacts, id);
    probe.dispose();
    const cacheKey = await trunkContentKey(artifacts, id);
    this.releaseTrunk();
    return this.activate(artifacts, id, cacheKey, backend, started, true);
  }

  async switchBackend(backend: BackendPreference): Promise<TrunkInfo> {
    const current = this.requireLoaded();
    const { artifacts } = current;
    const id = current.built.trunk.id;
    const { cacheKey } = current;
    this.releaseTrunk();
    return this.activate(artifacts, id, cacheKey, backend, performance.now(), false);
  }

  /** `rememberedBackend`: an automatic choice may reuse the one remembered for this device (backend-memory.ts). */
  private async activate(
    artifacts: tf.io.ModelArtifacts,
    id: string,
    cacheKey: string,
    preference: BackendPreference,
    started: number,
    rememberedBackend: boolean,
  ): Promise<TrunkInfo> {
    const choice = await chooseBackendRemembering(preference, () => buildTrunk(artifacts, id), rememberedBackend);
    const built = await buildTrunk(artifacts, id);
    await warmUpTrunk(built.trunk);
    const fold = await foldTrunkChecked(built.trunk);
    this.loaded = { artifacts, built, backend: choice, loadMs: performance.now() - started, fold, cacheKey };
    // Start copying the trunk to the decode worker now, while the user is still adding photos,
    // so the first embedding already runs on two cores (where that pays; see secondEmbedder).
    secondEmbedder(this.trunkRunner());
    const { trunk } = built;
    return {
      id: trunk.id,
      layout: trunk.layout,
      embeddingSize: trunk.embeddingSize,
      imageSize: trunk.imageSize,
      backend: choice,
      loadMs: this.loaded.loadMs,
    };
  }

  /** The head is tied to the tensors of the backend it was trained on, so it goes with the trunk. */
  private releaseTrunk(): void {
    this.setHead(null);
    this.loaded?.fold.folded?.dispose();
    this.loaded?.built.dispose();
    this.loaded = null;
  }

  private requireLoaded(): LoadedTrunk {
    if (!this.loaded) throw new Error('No trunk is loaded yet.');
    return this.loaded;
  }

  /** The backend the trunk runs on, why, and where the head trains by default. */
  backendChoice(): BackendChoice {
    return this.requireLoaded().backend;
  }

  /** The frozen trunk in use; throws when none is loaded. */
  trunk(): Trunk {
    return this.requireLoaded().built.trunk;
  }

  hasTrunk(): boolean {
    return this.loaded !== null;
  }

  /** What embeddings run through: the folded executor when there is one, else the trunk's layers model. */
  trunkRunner(): TrunkRunner {
    const loaded = this.requireLoaded();
    return loaded.fold.folded ?? loaded.built.trunk;
  }

  /** Whether the trunk runs folded, and if not, why. */
  trunkFold(): CheckedFold {
    return this.requireLoaded().fold;
  }

  /** The model.json + weights the trunk was built from, to build fresh (e.g. trainable) copies. */
  trunkArtifacts(): tf.io.ModelArtifacts {
    return this.requireLoaded().artifacts;
  }

  // --- embeddings ----------------------------------------------------------------------------

  /** The key the current trunk's embeddings are cached under (not its id: see trunk-content-key.ts). */
  private cacheKey(): string {
    return this.requireLoaded().cacheKey;
  }

  /** Ids lacking an embedding for the current trunk (or, `withMirrors`, lacking their mirror view's). */
  missingEmbeddings(ids: string[], withMirrors = false): string[] {
    const size = this.trunk().embeddingSize;
    const missing = this.cache.missing(this.cacheKey(), ids, size);
    if (!withMirrors) return missing;
    const lacking = new Set([...missing, ...this.cache.missing(mirrorViewKey(this.cacheKey()), ids, size)]);
    return ids.filter((id) => lacking.has(id));
  }

  /** The cached embedding of each id for the current trunk; throws naming the first one missing. */
  embeddingsOf(ids: string[]): Float32Array[] {
    return this.cachedRows(this.cacheKey(), ids, 'has not been embedded yet');
  }

  /** The cached embedding of each id's mirror view (mirror-views.ts); throws naming the first one missing. */
  mirrorEmbeddingsOf(ids: string[]): Float32Array[] {
    return this.cachedRows(mirrorViewKey(this.cacheKey()), ids, 'has no mirror view embedded yet');
  }

  private cachedRows(key: string, ids: string[], missing: string): Float32Array[] {
    return ids.map((id) => {
      const embedding = this.cache.get(key, id);
      if (!embedding || embedding.length !== this.trunk().embeddingSize) throw new Error(`Image ${id} ${missing}.`);
      return embedding;
    });
  }

  /**
   * Decodes and embeds images into the cache (with `mirrors`, their mirror views too), reporting
   * `embedded` progress; per-image failures are returned, not thrown.
   */
  async embedImages(runId: string, images: ImageBytes[], total: number, doneBefore: number, mirrors = false): Promise<EmbedOutcome[]> {
    const onBatch = async (done: number) => {
      this.emit({ type: 'embedded', runId, done: doneBefore + done, total });
      await yieldToEventLoop();
    };
    return this.embedInto(this.cacheKey(), this.trunkRunner(), images, onBatch, mirrors);
  }

  /**
   * Embeds images with `runner` into the cache under `key`: the current trunk's (embedImages), or
   * another trunk's content key (trunk ranking), so that trunk skips these images once chosen.
   * `onBatch(done)` is awaited after each batch. With `mirrors`, each image's mirror view is cached
   * under mirrorViewKey(key) too.
   */
  async embedInto(
    key: string,
    runner: TrunkRunner,
    images: ImageBytes[],
    onBatch: (done: number) => Promise<void>,
    mirrors = false,
  ): Promise<EmbedOutcome[]> {
    const results = await embedImageBytes(runner, images, EMBED_BATCH_SIZE, onBatch, workerDecoder, secondEmbedder(runner), mirrors);
    return results.map((result): EmbedOutcome => {
      if ('error' in result) return { id: result.id, ok: false, message: result.error };
      this.cache.set(key, result.id, result.embedding);
      if (result.mirror) this.cache.set(mirrorViewKey(key), result.id, result.mirror);
      this.rawPixels.set(result.id, result.rawPixels);
      return { id: result.id, ok: true };
    });
  }

  /** The current trunk's cache key, or null when no trunk is loaded. */
  currentEmbeddingKey(): string | null {
    return this.loaded?.cacheKey ?? null;
  }

  /** Ids with no cached embedding of length `dimension` under `key` (a trunk's content key). */
  missingUnder(key: string, ids: string[], dimension: number): string[] {
    return this.cache.missing(key, ids, dimension);
  }

  /** The cached embedding of an image under `key`, if any. */
  embeddingUnder(key: string, id: string): Float32Array | undefined {
    return this.cache.get(key, id);
  }

  /** The raw-pixel vector of each id (undefined for images never embedded). */
  rawPixelsOf(ids: string[]): (Float32Array | undefined)[] {
    return ids.map((id) => this.rawPixels.get(id));
  }

  /** Caches an embedding computed outside embedImages for the current trunk (the lab derives it in the same trunk pass as its own activations). */
  storeEmbedding(imageId: string, embedding: Float32Array): void {
    this.cache.set(this.cacheKey(), imageId, embedding);
  }

  forgetImages(ids: string[]): void {
    this.cache.forget(ids);
    for (const id of ids) this.rawPixels.delete(id);
  }

  /** Cached embeddings of these images for every trunk (for saving a project). */
  exportEmbeddings(ids: string[]): EmbeddingEntry[] {
    return [...this.cache.entriesOf(ids)];
  }

  /** Embeddings computed since the last call (for the autosave); each is handed over once. */
  takeUnsavedEmbeddings(): EmbeddingEntry[] {
    return this.cache.takeUnsaved();
  }

  /**
   * Puts embeddings read back from storage into the cache, so those images skip the trunk. Vectors
   * with NaN or Infinity are left out (their images are embedded again); returns how many were kept.
   */
  importEmbeddings(entries: EmbeddingEntry[]): number {
    let kept = 0;
    for (const { trunkId, imageId, vector } of entries) {
      if (!isFiniteVector(vector)) continue;
      this.cache.restore(trunkId, imageId, vector);
      kept++;
    }
    return kept;
  }

  // --- head ----------------------------------------------------------------------------------

  hasTrainedHead(): boolean {
    return this.head !== null;
  }

  trainedHead(): TrainedHead {
    if (!this.head) throw new Error('Train the model first.');
    return this.head;
  }

  /** Replaces (and frees) the trained head; null just frees it (and forgets its split). */
  setHead(head: TrainedHead | null, split: RunSplit | null = null): void {
    if (this.head && this.head.model !== head?.model) this.head.model.dispose();
    if (this.head?.beforeFinalFit && this.head.beforeFinalFit !== head?.beforeFinalFit) this.head.beforeFinalFit.dispose();
    this.head = head;
    this.split = head ? split : null;
  }

  /** The split of the run that trained the current head; throws when there is none. */
  lastSplit(): RunSplit {
    if (!this.split) throw new Error('Train the model first.');
    return this.split;
  }

  // --- runs ----------------------------------------------------------------------------------

  beginRun(runId: string): void {
    this.activeRuns.add(runId);
    this.stopRequests.delete(runId);
  }

  endRun(runId: string): void {
    this.activeRuns.delete(runId);
    this.stopRequests.delete(runId);
  }

  requestStop(runId: string): void {
    if (this.activeRuns.has(runId)) this.stopRequests.add(runId);
  }

  isStopRequested(runId: string): boolean {
    return this.stopRequests.has(runId);
  }
}
