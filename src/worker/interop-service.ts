// The interop commands: build each export package (files + README), measure quantisation and
// other tools' preprocessing, and read, check and install imported models.
import * as tf from '@tensorflow/tfjs';
import { decodeImageBytes } from '../lib/decode-image';
import { fullResolutionPixels } from '../lib/consumer-pixels';
import { errorMessage } from '../lib/error-message';
import { compareProbabilities } from '../ml';
import { ml5Input, rescaleTo127, teachableMachineInput } from '../ml';
import type { ConsumerComparison, MeasurementImages, QuantizationReport } from '../ml';
import { buildExportModel } from '../ml';
import { buildExportPackage, describeTrunk, quantize, serialize, type ExampleSources } from '../ml';
import { buildTrainingPackage } from '../ml';
import { buildImportedHead, inspectModelFiles } from '../ml';
import { disposeModelFully } from '../ml';
import { accuracy } from '../ml';
import { ModelFileError, readModelFiles, type ModelFiles } from '../ml';
import { predictEmbeddings } from '../ml';
import { predictTensor } from '../ml';
import { preprocessPixels } from '../ml';
import { totalWeightBytes } from '../ml';
import type { Trunk } from '../ml';
import exampleClassifyJs from '../portable/example/classify.js?raw';
import exampleIndexHtml from '../portable/example/index.html?raw';
import decodePixelsJs from '../portable/decode-pixels.js?raw';
import preprocessPixelsJs from '../portable/preprocess-pixels.js?raw';
import trainingReadmeMd from '../portable/training/README.md?raw';
import trainingRequirementsTxt from '../portable/training/requirements.txt?raw';
import trainPy from '../portable/training/train.py?raw';
import type { ConsumerSample, ImportPreview, InteropApi } from '../protocol';
import { APP_VERSION } from './pipeline-service';
import { yieldToEventLoop, type MlSession, type RunSplit, type TrainedHead } from './session';

/** TensorFlow.js's browser bundle, served unchanged by the app (vendorTfjs in vite.config.ts). */
const TFJS_BUNDLE_URL = `${import.meta.env.BASE_URL}vendor/tf.min.js`;

async function predictBatch(trunk: Trunk, head: tf.LayersModel, batch: tf.Tensor4D): Promise<Float32Array> {
  const output = tf.tidy(() => predictTensor(head, predictTensor(trunk.model, batch)));
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

async function predictWith(model: tf.LayersModel, batch: tf.Tensor4D): Promise<Float32Array> {
  const output = tf.tidy(() => predictTensor(model, batch));
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

function checkLabels(head: TrainedHead, labels: string[]): void {
  if (labels.length !== head.labels.length) throw new Error('The classes changed since training: train again before exporting.');
}

interface ConsumerProbabilities {
  ours: Float32Array;
  teachableMachine: Float32Array;
  ml5: Float32Array;
  precroppedBy127: Float32Array;
}

export function createInteropService(session: MlSession): InteropApi {
  const pendingImports = new Map<string, { files: ModelFiles; kind: 'full' | 'head'; preview: ImportPreview }>();
  let importCounter = 0;

  /** One image's probabilities under this app's, Teachable Machine's and ml5's preprocessing. */
  async function consumerProbabilities(item: ConsumerSample): Promise<ConsumerProbabilities> {
    const trunk = session.trunk();
    const head = session.trainedHead().model;
    const size = trunk.imageSize;
    const run = async (batch: tf.Tensor4D) => {
      try {
        return await predictBatch(trunk, head, batch);
      } finally {
        batch.dispose();
      }
    };
    const batch = preprocessPixels([await decodeImageBytes(item.bytes, item.type)], size);
    let ours: Float32Array;
    let precroppedBy127: Float32Array;
    try {
      ours = await predictBatch(trunk, head, batch);
      precroppedBy127 = await run(rescaleTo127(batch));
    } finally {
      batch.dispose();
    }
    const teachableMachine = await run(teachableMachineInput(item.teachableMachineSquare));
    const ml5 = await run(ml5Input(await fullResolutionPixels(item.bytes, item.type), size));
    return { ours, teachableMachine, ml5, precroppedBy127 };
  }

  async function measureConsumers(items: ConsumerSample[], images: MeasurementImages): Promise<ConsumerComparison> {
    const rows: ConsumerProbabilities[] = [];
    for (const [index, item] of items.entries()) {
      session.emit({ type: 'interopProgressed', task: 'export', done: index, total: items.length });
      rows.push(await consumerProbabilities(item));
      await yieldToEventLoop();
    }
    const ours = rows.map((row) => row.ours);
    return {
      images,
      teachableMachine: compareProbabilities(
        ours,
        rows.map((row) => row.teachableMachine),
      ),
      ml5: compareProbabilities(
        ours,
        rows.map((row) => row.ml5),
      ),
      precroppedBy127: compareProbabilities(
        ours,
        rows.map((row) => row.precroppedBy127),
      ),
    };
  }

  function importBlocker(files: ModelFiles, kind: 'full' | 'head', embeddingSize: number): string | null {
    if (kind !== 'head') return null;
    let trunk: Trunk;
    try {
      trunk = session.trunk();
    } catch {
      return 'A head needs its trunk: load a trunk first (Trunk panel), then import the head again.';
    }
    const wanted = files.head?.trunk;
    if (wanted && wanted.id !== trunk.id) {
      const name = wanted.name ?? wanted.id;
      return `This head was trained on the trunk "${name}" but the project now uses "${describeTrunk(trunk).name}". Choose "${name}" in the Trunk panel, then import the head again.`;
    }
    if (embeddingSize !== trunk.embeddingSize) {
      return `This head takes ${embeddingSize} features per image but the current trunk gives ${trunk.embeddingSize}: it belongs to another trunk.`;
    }
    return null;
  }

  return {
    async consumerProbabilities(image) {
      const rows = await consumerProbabilities(image);
      return {
        ours: Array.from(rows.ours),
        teachableMachine: Array.from(rows.teachableMachine),
        ml5: Array.from(rows.ml5),
        precroppedBy127: Array.from(rows.precroppedBy127),
      };
    },

    async evaluationExamples() {
      let split: RunSplit;
      try {
        split = session.lastSplit();
      } catch {
        return { images: 'validation', examples: [] };
      }
      // Held-out images first: the test set was never trained on, validation only steered nothing.
      if (split.test.length > 0) return { images: 'test', examples: split.test };
      if (split.val.length > 0) return { images: 'validation', examples: split.val };
      return { images: 'all', examples: [...split.train, ...split.val] };
    },

    async measureQuantization(dtype, labels, items, images) {
      const trunk = session.trunk();
      const head = session.trainedHead();
      checkLabels(head, labels);
      if (items.length === 0) throw new Error('There are no labelled images to measure the quantised model on.');
      const original = await serialize(buildExportModel(trunk, head.model));
      const quantized = quantize(original, dtype);
      const quantizedModel = await tf.loadLayersModel(
        tf.io.fromMemory({ modelTopology: quantized.topology, weightSpecs: quantized.specs, weightData: quantized.weights }),
      );
      try {
        // Full-precision probabilities from the cached embeddings when every image has one (same
        // trunk, same preprocessing, so the same numbers); otherwise through the trunk.
        const ids = items.map((item) => item.id);
        const cached = session.missingEmbeddings(ids).length === 0 ? await predictEmbeddings(head.model, session.embeddingsOf(ids)) : null;
        const full: Float32Array[] = [];
        const reduced: Float32Array[] = [];
        for (const [index, item] of items.entries()) {
          session.emit({ type: 'interopProgressed', task: 'quantization', done: index, total: items.length });
          const batch = preprocessPixels([await decodeImageBytes(item.bytes, item.type)], trunk.imageSize);
          try {
            full.push(cached ? cached[index] : await predictBatch(trunk, head.model, batch));
            reduced.push(await predictWith(quantizedModel, batch));
          } finally {
            batch.dispose();
          }
          await yieldToEventLoop();
        }
        session.emit({ type: 'interopProgressed', task: 'quantization', done: items.length, total: items.length });
        const truth = items.map((item) => item.classIndex);
        const report: QuantizationReport = {
          dtype,
          originalBytes: original.weights.byteLength,
          quantizedBytes: quantized.weights.byteLength,
          images,
          floatAccuracy: accuracy(full, truth),
          quantizedAccuracy: accuracy(reduced, truth),
          difference: compareProbabilities(full, reduced),
        };
        return report;
      } finally {
        disposeModelFully(quantizedModel);
      }
    },

    async buildExport(request) {
      const trunk = session.trunk();
      const head = session.trainedHead();
      checkLabels(head, request.labels);
      const exportedAt = new Date();
      let example: ExampleSources | null = null;
      if (request.kind === 'example') {
        const tfjsBundle = await fetch(TFJS_BUNDLE_URL);
        if (!tfjsBundle.ok)
          throw new Error(`TensorFlow.js could not be bundled into the example (HTTP ${tfjsBundle.status} for ${TFJS_BUNDLE_URL}).`);
        example = {
          indexHtml: exampleIndexHtml,
          classifyJs: exampleClassifyJs,
          decodePixelsJs,
          preprocessPixelsJs,
          tfjsBundle: await tfjsBundle.arrayBuffer(),
        };
      }
      let consumers: ConsumerComparison | null = null;
      if (request.kind !== 'head' && request.sample && request.sample.items.length > 0) {
        consumers = await measureConsumers(request.sample.items, request.sample.images);
      }
      const files = await buildExportPackage({
        ...request,
        trunk,
        head: head.model,
        appVersion: APP_VERSION,
        exportedAt,
        example,
        consumers,
      });
      return { files, consumers };
    },

    async buildTrainingPackage(request) {
      // No head yet, or one trained for other classes: the package carries the seeded starting head.
      const head = session.hasTrainedHead() ? session.trainedHead().model : null;
      const fits = head !== null && head.outputs[0]?.shape[1] === request.labels.length;
      const files = await buildTrainingPackage({
        labels: request.labels,
        photos: request.photos.map((photo) => ({ ...photo, bytes: new Uint8Array(photo.bytes) })),
        settings: request.settings,
        trunk: session.trunk(),
        trainedHead: fits ? head : null,
        python: { trainPy, requirementsTxt: trainingRequirementsTxt, readmeMd: trainingReadmeMd },
        appVersion: APP_VERSION,
        exportedAt: new Date(),
      });
      return { files };
    },

    async inspectImport(picked) {
      let files: ModelFiles;
      try {
        files = readModelFiles(picked);
      } catch (error) {
        throw new Error(errorMessage(error));
      }
      const inspection = await inspectModelFiles(files).catch((error: unknown) => {
        throw new Error(error instanceof ModelFileError ? error.message : `The model could not be read: ${errorMessage(error)}`);
      });
      const importId = `import-${++importCounter}`;
      const headTrunk = files.head?.trunk;
      const headThreshold = files.head?.notSureThreshold;
      const metadataThreshold = (files.metadata?.userMetadata as { notSureThreshold?: unknown } | undefined)?.notSureThreshold;
      const threshold =
        typeof headThreshold === 'number' ? headThreshold : typeof metadataThreshold === 'number' ? metadataThreshold : null;
      const preview: ImportPreview = {
        importId,
        kind: inspection.kind,
        producer: files.producer,
        modelName: files.modelName,
        labels: files.labels,
        labelsFrom: files.labelsFrom,
        labelChanges: files.labelChanges,
        embeddingSize: inspection.embeddingSize,
        imageSize: inspection.imageSize,
        trunkLayout: inspection.trunkLayout,
        quantization: inspection.quantization,
        weightBytes: totalWeightBytes(files.artifacts.weightSpecs ?? []),
        headTrunk: headTrunk ? { id: headTrunk.id, name: headTrunk.name ?? null, canonicalUrl: headTrunk.canonicalUrl ?? null } : null,
        notSureThreshold: threshold,
        blocker: importBlocker(files, inspection.kind, inspection.embeddingSize),
      };
      // One import at a time: a new pick replaces any earlier one that was not applied.
      pendingImports.clear();
      pendingImports.set(importId, { files, kind: inspection.kind, preview });
      return preview;
    },

    async refreshImport(importId) {
      const pending = pendingImports.get(importId);
      if (!pending) return null;
      pending.preview = { ...pending.preview, blocker: importBlocker(pending.files, pending.kind, pending.preview.embeddingSize) };
      return pending.preview;
    },

    async applyImport(importId, mode, backend) {
      const pending = pendingImports.get(importId);
      if (!pending) throw new Error('This import is no longer waiting: pick the files again.');
      const { files, kind } = pending;
      if (kind === 'head') {
        if (mode === 'trunk') throw new Error('A head-only file has no trunk to use.');
        const blocker = importBlocker(files, kind, pending.preview.embeddingSize);
        if (blocker) throw new Error(blocker);
        const head = await buildImportedHead(files, 'head');
        session.setHead({ model: head, labels: [...files.labels], trunkId: session.trunk().id });
        pendingImports.delete(importId);
        return { kind, mode, labels: files.labels, trunk: null };
      }
      const trunkId = `imported:${files.modelName}#${files.fingerprint}`;
      const info = await session.installTrunk(files.artifacts, trunkId, backend);
      if (mode === 'model') {
        const head = await buildImportedHead(files, 'full');
        session.setHead({ model: head, labels: [...files.labels], trunkId: info.id });
      }
      pendingImports.delete(importId);
      return { kind, mode, labels: files.labels, trunk: info };
    },

    async discardImport(importId) {
      pendingImports.delete(importId);
    },
  };
}
