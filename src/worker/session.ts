// What the worker holds between commands: the trunk (and the bytes it was built from), the
// trained head, the embedding cache, the event listener and stop requests. Services
// (pipeline-service.ts and the others composed in ml.worker.ts) work through these accessors.
import * as tf from '@tensorflow/tfjs';
import { decodeImageBytes } from '../lib/decode-image';
import { errorMessage } from '../lib/error-message';
import { embedPixels } from '../ml/embed';
import type { PixelImage } from '../ml/preprocess';
import { warmUpTrunk, type Trunk } from '../ml/trunk';
import { chooseBackend } from './backends';
import { EmbeddingCache } from './embedding-cache';
import type { BackendChoice, BackendPreference, EmbedOutcome, ImageBytes, TrunkInfo, TrunkSource, WorkerEvent, WorkerEventListener } from './protocol';
import { buildTrunk, readTrunkArtifacts, type BuiltTrunk } from './trunk-source';

const EMBED_BATCH_SIZE = 16;

interface LoadedTrunk {
  artifacts: tf.io.ModelArtifacts;
  built: BuiltTrunk;
  backend: BackendChoice;
  loadMs: number;
}

export interface TrainedHead {
  model: tf.Sequential;
  labels: string[];
  trunkId: string;
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

export const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class MlSession {
  private listener: WorkerEventListener | null = null;
  private loaded: LoadedTrunk | null = null;
  private head: TrainedHead | null = null;
  private split: RunSplit | null = null;
  private readonly cache = new EmbeddingCache();
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
    this.emit({ type: 'trunkProgressed', id: source.id, fraction: 1, stage: 'backend' });
    // Building checks the layout before the old trunk is dropped: a bad file changes nothing.
    const probe = await buildTrunk(artifacts, source.id);
    probe.dispose();
    this.releaseTrunk();
    return this.activate(artifacts, source.id, backend, started);
  }

  async switchBackend(backend: BackendPreference): Promise<TrunkInfo> {
    const current = this.requireLoaded();
    const { artifacts } = current;
    const id = current.built.trunk.id;
    this.releaseTrunk();
    return this.activate(artifacts, id, backend, performance.now());
  }

  private async activate(artifacts: tf.io.ModelArtifacts, id: string, preference: BackendPreference, started: number): Promise<TrunkInfo> {
    const choice = await chooseBackend(preference, () => buildTrunk(artifacts, id));
    const built = await buildTrunk(artifacts, id);
    await warmUpTrunk(built.trunk);
    this.loaded = { artifacts, built, backend: choice, loadMs: performance.now() - started };
    const { trunk } = built;
    return { id: trunk.id, layout: trunk.layout, embeddingSize: trunk.embeddingSize, imageSize: trunk.imageSize, backend: choice, loadMs: this.loaded.loadMs };
  }

  /** The head is tied to the tensors of the backend it was trained on, so it goes with the trunk. */
  private releaseTrunk(): void {
    this.setHead(null);
    this.loaded?.built.dispose();
    this.loaded = null;
  }

  private requireLoaded(): LoadedTrunk {
    if (!this.loaded) throw new Error('No trunk is loaded yet.');
    return this.loaded;
  }

  /** The frozen trunk in use; throws when none is loaded. */
  trunk(): Trunk {
    return this.requireLoaded().built.trunk;
  }

  /** The model.json + weights the trunk was built from, to build fresh (e.g. trainable) copies. */
  trunkArtifacts(): tf.io.ModelArtifacts {
    return this.requireLoaded().artifacts;
  }

  // --- embeddings ----------------------------------------------------------------------------

  missingEmbeddings(ids: string[]): string[] {
    return this.cache.missing(this.trunk().id, ids);
  }

  /** The cached embedding of each id for the current trunk; throws naming the first one missing. */
  embeddingsOf(ids: string[]): Float32Array[] {
    const trunkId = this.trunk().id;
    return ids.map((id) => {
      const embedding = this.cache.get(trunkId, id);
      if (!embedding) throw new Error(`Image ${id} has not been embedded yet.`);
      return embedding;
    });
  }

  /** Decodes and embeds images into the cache, reporting `embedded` progress; per-image failures are returned, not thrown. */
  async embedImages(runId: string, images: ImageBytes[], total: number, doneBefore: number): Promise<EmbedOutcome[]> {
    const trunk = this.trunk();
    const outcomes: EmbedOutcome[] = [];
    const decoded: { id: string; pixels: PixelImage }[] = [];
    for (const image of images) {
      try {
        decoded.push({ id: image.id, pixels: await decodeImageBytes(image.bytes, image.type) });
      } catch (error) {
        outcomes.push({ id: image.id, ok: false, message: errorMessage(error) });
      }
    }
    const failed = outcomes.length;
    const embeddings = await embedPixels(trunk, decoded.map((d) => d.pixels), EMBED_BATCH_SIZE, async (done) => {
      this.emit({ type: 'embedded', runId, done: doneBefore + failed + done, total });
      await yieldToEventLoop();
    });
    decoded.forEach((d, i) => {
      this.cache.set(trunk.id, d.id, embeddings[i]);
      outcomes.push({ id: d.id, ok: true });
    });
    return outcomes;
  }

  /** Caches an embedding computed outside embedImages for the current trunk (the lab derives it in the same trunk pass as its own activations). */
  storeEmbedding(imageId: string, embedding: Float32Array): void {
    this.cache.set(this.trunk().id, imageId, embedding);
  }

  forgetImages(ids: string[]): void {
    this.cache.forget(ids);
  }

  // --- head ----------------------------------------------------------------------------------

  trainedHead(): TrainedHead {
    if (!this.head) throw new Error('Train the model first.');
    return this.head;
  }

  /** Replaces (and frees) the trained head; null just frees it (and forgets its split). */
  setHead(head: TrainedHead | null, split: RunSplit | null = null): void {
    if (this.head && this.head.model !== head?.model) this.head.model.dispose();
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
