// Everything the worker holds: the trunk, the trained head, the embedding cache. It carries out
// the page's commands and reports progress as events; it makes no UI decisions.
import * as tf from '@tensorflow/tfjs';
import { decodeImageBytes } from '../lib/decode-image';
import { embedPixels } from '../ml/embed';
import { buildExportModel, createMetadata, serializeModel } from '../ml/export-model';
import { predictPixels } from '../ml/predict';
import type { PixelImage } from '../ml/preprocess';
import { checkDataset, stratifiedSplit } from '../ml/split';
import { trainHead, type EmbeddedSet } from '../ml/train-head';
import { warmUpTrunk } from '../ml/trunk';
import { errorMessage } from '../lib/error-message';
import { chooseBackend } from './backends';
import { EmbeddingCache } from './embedding-cache';
import type {
  BackendChoice,
  BackendPreference,
  EmbedOutcome,
  ExportedModel,
  ImageBytes,
  MemoryReport,
  MlWorkerApi,
  TrainRequest,
  TrainSummary,
  TrunkInfo,
  TrunkSource,
  WorkerEvent,
  WorkerEventListener,
} from './protocol';
import { buildTrunk, readTrunkArtifacts, type BuiltTrunk } from './trunk-source';

const EMBED_BATCH_SIZE = 16;
export const APP_VERSION = '0.1.0';

interface LoadedTrunk {
  artifacts: tf.io.ModelArtifacts;
  built: BuiltTrunk;
  backend: BackendChoice;
  loadMs: number;
}

interface TrainedHead {
  model: tf.Sequential;
  labels: string[];
  trunkId: string;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class MlSession implements MlWorkerApi {
  private listener: WorkerEventListener | null = null;
  private loaded: LoadedTrunk | null = null;
  private head: TrainedHead | null = null;
  private readonly cache = new EmbeddingCache();
  private readonly stopRequests = new Set<string>();
  private activeRunId: string | null = null;

  subscribe(listener: WorkerEventListener): void {
    this.listener = listener;
  }

  private emit(event: WorkerEvent): void {
    this.listener?.(event);
  }

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
    const current = this.requireTrunk();
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
    return this.trunkInfo(this.loaded);
  }

  private trunkInfo(loaded: LoadedTrunk): TrunkInfo {
    const { trunk } = loaded.built;
    return { id: trunk.id, layout: trunk.layout, embeddingSize: trunk.embeddingSize, imageSize: trunk.imageSize, backend: loaded.backend, loadMs: loaded.loadMs };
  }

  /** The head is tied to the tensors of the backend it was trained on, so it goes with the trunk. */
  private releaseTrunk(): void {
    this.discardHeadNow();
    this.loaded?.built.dispose();
    this.loaded = null;
  }

  private requireTrunk(): LoadedTrunk {
    if (!this.loaded) throw new Error('No trunk is loaded yet.');
    return this.loaded;
  }

  async missingEmbeddings(ids: string[]): Promise<string[]> {
    return this.cache.missing(this.requireTrunk().built.trunk.id, ids);
  }

  async embedImages(runId: string, images: ImageBytes[], total: number, doneBefore: number): Promise<EmbedOutcome[]> {
    const { trunk } = this.requireTrunk().built;
    const outcomes: EmbedOutcome[] = [];
    const decoded: { id: string; pixels: PixelImage }[] = [];
    for (const image of images) {
      try {
        decoded.push({ id: image.id, pixels: await decodeImageBytes(image.bytes, image.type) });
      } catch (error) {
        outcomes.push({ id: image.id, ok: false, message: errorMessage(error) });
      }
    }
    const failedBefore = outcomes.length;
    const embeddings = await embedPixels(trunk, decoded.map((d) => d.pixels), EMBED_BATCH_SIZE, async (done) => {
      this.emit({ type: 'embedded', runId, done: doneBefore + failedBefore + done, total });
      await yieldToEventLoop();
    });
    decoded.forEach((d, i) => {
      this.cache.set(trunk.id, d.id, embeddings[i]);
      outcomes.push({ id: d.id, ok: true });
    });
    return outcomes;
  }

  async forgetImages(ids: string[]): Promise<void> {
    this.cache.forget(ids);
  }

  async train(request: TrainRequest): Promise<TrainSummary> {
    const { trunk } = this.requireTrunk().built;
    if (trunk.id !== request.trunkId) throw new Error(`The trunk changed to ${trunk.id} while the run was being prepared; start training again.`);
    const numClasses = request.labels.length;
    const counts = request.labels.map((label, classIndex) => ({ label, count: request.examples.filter((e) => e.classIndex === classIndex).length }));
    const problems = checkDataset(counts, request.valFraction);
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join(' '));

    const embeddings = request.examples.map((example) => {
      const embedding = this.cache.get(trunk.id, example.id);
      if (!embedding) throw new Error(`Image ${example.id} has not been embedded yet.`);
      return embedding;
    });
    const labels = request.examples.map((e) => e.classIndex);
    const { trainIndices, valIndices } = stratifiedSplit(labels, request.valFraction, request.config.seed);
    const pick = (indices: number[]): EmbeddedSet => ({ embeddings: indices.map((i) => embeddings[i]), labels: indices.map((i) => labels[i]) });

    this.activeRunId = request.runId;
    this.stopRequests.delete(request.runId);
    const started = performance.now();
    try {
      const result = await trainHead(pick(trainIndices), valIndices.length > 0 ? pick(valIndices) : null, numClasses, request.config, {
        onEpoch: async (log) => {
          this.emit({ type: 'epochEnded', runId: request.runId, log, totalEpochs: request.config.epochs });
          await yieldToEventLoop(); // lets a stop request in
        },
        shouldStop: () => this.stopRequests.has(request.runId),
      });
      this.discardHeadNow();
      this.head = { model: result.head, labels: [...request.labels], trunkId: trunk.id };
      const trainMs = performance.now() - started;
      const summary: TrainSummary = {
        runId: request.runId,
        epochs: result.epochs,
        stoppedEarly: result.stoppedEarly,
        trainCount: trainIndices.length,
        valCount: valIndices.length,
        trainMs,
        msPerEpoch: result.epochs.length > 0 ? trainMs / result.epochs.length : 0,
      };
      this.emit({ type: 'trainFinished', summary });
      return summary;
    } finally {
      this.activeRunId = null;
      this.stopRequests.delete(request.runId);
    }
  }

  async stopTraining(runId: string): Promise<void> {
    if (this.activeRunId === runId) this.stopRequests.add(runId);
  }

  async predict(image: ImageBytes): Promise<number[]> {
    const { trunk } = this.requireTrunk().built;
    const head = this.requireHead();
    const pixels = await decodeImageBytes(image.bytes, image.type);
    const [probabilities] = await predictPixels(trunk, head.model, [pixels]);
    return Array.from(probabilities);
  }

  async exportModel(labels: string[], modelName: string): Promise<ExportedModel> {
    const { trunk } = this.requireTrunk().built;
    const head = this.requireHead();
    if (labels.length !== head.labels.length) throw new Error('The classes changed since training: train again before exporting.');
    // The wrapper shares the trunk's and head's layers; it is dropped, not disposed.
    const joined = buildExportModel(trunk, head.model);
    const { modelJson, weightData } = await serializeModel(joined);
    const metadata = createMetadata({ labels, modelName, trunkId: trunk.id, appVersion: APP_VERSION });
    return { modelJson, weightData, metadata };
  }

  private requireHead(): TrainedHead {
    if (!this.head) throw new Error('Train the model first.');
    return this.head;
  }

  async discardHead(): Promise<void> {
    this.discardHeadNow();
  }

  private discardHeadNow(): void {
    this.head?.model.dispose();
    this.head = null;
  }

  async memory(): Promise<MemoryReport> {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }
}
