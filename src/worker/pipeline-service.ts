// The pipeline's commands: embed, train the head, predict, export.
import * as tf from '@tensorflow/tfjs';
import { decodeImageBytes } from '../lib/decode-image';
import { buildExportModel, createMetadata, serializeModel } from '../ml';
import { predictPixels } from '../ml';
import { checkDataset, stratifiedSplit } from '../ml';
import { trainingSets, trainWithFinalFit } from '../ml';
import { headBackendFor } from './head-placement';
import type { PipelineApi, TrainSummary, WorkerEventsApi } from '../protocol';
import { yieldToEventLoop, type MlSession } from './session';

export const APP_VERSION = '0.1.0';

export function createPipelineService(session: MlSession): PipelineApi & WorkerEventsApi {
  return {
    subscribe: (listener) => session.subscribe(listener),
    loadTrunk: (source, backend) => session.loadTrunk(source, backend),
    switchBackend: (backend) => session.switchBackend(backend),
    missingEmbeddings: async (ids, withMirrors) => session.missingEmbeddings(ids, withMirrors),
    embedImages: (runId, images, total, doneBefore, mirrors) => session.embedImages(runId, images, total, doneBefore, mirrors),
    forgetImages: async (ids) => session.forgetImages(ids),

    async train(request) {
      const trunk = session.trunk();
      if (trunk.id !== request.trunkId)
        throw new Error(`The trunk changed to ${trunk.id} while the run was being prepared; start training again.`);
      const counts = request.labels.map((label, classIndex) => ({
        label,
        count: request.examples.filter((e) => e.classIndex === classIndex).length,
      }));
      const problems = checkDataset(counts, request.valFraction, request.testFraction);
      if (problems.length > 0) throw new Error(problems.map((p) => p.message).join(' '));

      const ids = request.examples.map((e) => e.id);
      const embeddings = session.embeddingsOf(ids);
      const labels = request.examples.map((e) => e.classIndex);
      const { trainIndices, valIndices, testIndices } = stratifiedSplit(
        labels,
        request.valFraction,
        request.config.seed,
        request.testFraction,
      );
      // Test photos are never trained on, so only the others need their mirror views.
      const mirrors = request.mirrorViews ? new Array<Float32Array>(ids.length) : null;
      if (mirrors) {
        const needed = [...trainIndices, ...valIndices];
        session.mirrorEmbeddingsOf(needed.map((i) => ids[i])).forEach((row, k) => (mirrors[needed[k]] = row));
      }
      const sets = trainingSets(
        { embeddings, mirrors, labels, trainIndices, valIndices },
        { mirrorViews: request.mirrorViews, finalFit: request.finalFit },
      );

      // The head trains from embeddings in JS memory, so it can train on the CPU path while a GPU
      // runs the trunk (head-placement.ts); the trained head moves to the GPU on first use.
      const backend = session.backendChoice();
      const headBackend = headBackendFor(backend.backend, request.headPlacement ?? 'auto', backend.head);

      session.beginRun(request.runId);
      const started = performance.now();
      try {
        const { watched: result, final } = await trainWithFinalFit(
          sets,
          request.labels.length,
          request.config,
          {
            onEpoch: async (log) => {
              session.emit({ type: 'epochEnded', runId: request.runId, log, totalEpochs: request.config.epochs });
              await yieldToEventLoop(); // lets a stop request in
            },
            onFinalFitEpoch: async (progress) => {
              session.emit({ type: 'finalFitProgressed', runId: request.runId, ...progress });
              await yieldToEventLoop();
            },
            shouldStop: () => session.isStopRequested(request.runId),
          },
          { backend: headBackend },
        );
        const examplesAt = (indices: number[]) => indices.map((i) => request.examples[i]);
        // The watched head is kept beside the final one only to score the validation photos, which
        // the evaluation does when no test set was held out.
        const keepWatched = final !== null && testIndices.length === 0;
        if (final && !keepWatched) result.head.dispose();
        session.setHead(
          final
            ? { model: final.head, labels: [...request.labels], trunkId: trunk.id, ...(keepWatched ? { beforeFinalFit: result.head } : {}) }
            : { model: result.head, labels: [...request.labels], trunkId: trunk.id },
          {
            runId: request.runId,
            trunkId: trunk.id,
            labels: [...request.labels],
            train: examplesAt(trainIndices),
            val: examplesAt(valIndices),
            test: examplesAt(testIndices),
          },
        );
        const trainMs = performance.now() - started;
        const summary: TrainSummary = {
          runId: request.runId,
          epochs: result.epochs,
          stoppedEarly: result.stoppedEarly,
          trainCount: trainIndices.length,
          valCount: valIndices.length,
          testCount: testIndices.length,
          trainMs,
          msPerEpoch: result.epochs.length > 0 ? trainMs / result.epochs.length : 0,
          headBackend,
          mirrorViews: request.mirrorViews,
          finalFit: final ? { examples: final.examples, epochs: final.epochs, ms: final.ms } : null,
        };
        session.emit({ type: 'trainFinished', summary });
        return summary;
      } finally {
        session.endRun(request.runId);
      }
    },

    stopTraining: async (runId) => session.requestStop(runId),

    async predict(image) {
      const trunk = session.trunk();
      const head = session.trainedHead();
      const pixels = await decodeImageBytes(image.bytes, image.type);
      const [probabilities] = await predictPixels(trunk, head.model, [pixels]);
      return Array.from(probabilities);
    },

    async exportModel(labels, modelName) {
      const trunk = session.trunk();
      const head = session.trainedHead();
      if (labels.length !== head.labels.length) throw new Error('The classes changed since training: train again before exporting.');
      // The wrapper shares the trunk's and head's layers; it is dropped, not disposed.
      const joined = buildExportModel(trunk, head.model);
      const { modelJson, weightData } = await serializeModel(joined);
      const metadata = createMetadata({ labels, modelName, trunkId: trunk.id, appVersion: APP_VERSION });
      return { modelJson, weightData, metadata };
    },

    discardHead: async () => session.setHead(null),

    async memory() {
      const { numTensors, numBytes } = tf.memory();
      return { numTensors, numBytes };
    },
  };
}
