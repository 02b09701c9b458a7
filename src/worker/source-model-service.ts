// Your own source model: draws a generated source task (or takes a source project's decoded
// images), trains the scratch CNN on it and hands back the kept trunk in its stored form. The ML
// is src/ml/lab/source-model.ts; this adapter owns the decoded pictures, the events and the stop.
import { decodeImageBytes } from '../lib/decode-image';
import { errorMessage } from '../lib/error-message';
import {
  disposeModelFully,
  findSampleSet,
  preprocessPixels,
  samplePixels,
  sourceTrunkRecord,
  stratifiedSplit,
  trainSourceModel,
} from '../ml';
import type { SampleSet } from '../ml';
import type { EmbedOutcome, SourceModelApi, SourceTrainRequest } from '../protocol';
import { yieldToEventLoop, type MlSession } from './session';

/** Validation share of a source project (a generated task draws its own validation pictures). */
const SOURCE_VAL_FRACTION = 0.1;
/** A generated task's validation pictures come from this picture index on, never drawn for training. */
const SAMPLE_VAL_FIRST_INDEX = 100_000;

export function createSourceModelService(session: MlSession): SourceModelApi {
  /** A source project's pictures at one size, by image id; dropped after each training. */
  let prepared: { imageSize: number; pixels: Map<string, Float32Array> } = { imageSize: 0, pixels: new Map() };

  async function smallPixels(bytes: ArrayBuffer | Blob, type: string, size: number): Promise<Float32Array> {
    const tensor = preprocessPixels([await decodeImageBytes(bytes, type)], size);
    try {
      return Float32Array.from(await tensor.data());
    } finally {
      tensor.dispose();
    }
  }

  function sourceSets(request: SourceTrainRequest): { train: SampleSet; val: SampleSet; classes: string[] } {
    const { settings, source } = request;
    const size = settings.imageSize;
    if (source.kind === 'sample') {
      const set = findSampleSet(source.sampleSetId);
      if (!set) throw new Error(`There is no sample set "${source.sampleSetId}".`);
      const perClass = Math.max(3, Math.round(settings.perClass));
      return {
        train: samplePixels(set.task, perClass, size),
        val: samplePixels(set.task, Math.max(2, Math.round(perClass * SOURCE_VAL_FRACTION)), size, { firstIndex: SAMPLE_VAL_FIRST_INDEX }),
        classes: [...set.task.classes],
      };
    }
    if (prepared.imageSize !== size) throw new Error('The source project’s pictures were not prepared at this size; start again.');
    const usable = source.examples.filter((e) => prepared.pixels.has(e.id));
    if (source.labels.length < 2) throw new Error('A source project needs at least two classes.');
    const counts = source.labels.map((_, c) => usable.filter((e) => e.classIndex === c).length);
    const thin = source.labels.filter((_, c) => counts[c] < 2);
    if (thin.length > 0) throw new Error(`Each class of the source project needs at least 2 pictures: ${thin.join(', ')}.`);
    const classIndex = usable.map((e) => e.classIndex);
    const split = stratifiedSplit(classIndex, SOURCE_VAL_FRACTION, settings.seed);
    const pick = (indices: number[]): SampleSet => ({
      samples: indices.map((i) => prepared.pixels.get(usable[i].id) as Float32Array),
      shape: [size, size, 3],
      labels: indices.map((i) => classIndex[i]),
    });
    return { train: pick(split.trainIndices), val: pick(split.valIndices), classes: [...source.labels] };
  }

  return {
    async labSourcePrepare(runId, imageSize, images, total, doneBefore) {
      if (prepared.imageSize !== imageSize || doneBefore === 0) prepared = { imageSize, pixels: new Map() };
      const outcomes: EmbedOutcome[] = [];
      for (const image of images) {
        try {
          prepared.pixels.set(image.id, await smallPixels(image.bytes, image.type, imageSize));
          outcomes.push({ id: image.id, ok: true });
        } catch (error) {
          outcomes.push({ id: image.id, ok: false, message: errorMessage(error) });
        }
      }
      session.emit({ type: 'sourcePrepared', runId, done: doneBefore + images.length, total });
      await yieldToEventLoop();
      return outcomes;
    },

    async labTrainSource(request) {
      const { settings, runId } = request;
      session.beginRun(runId);
      try {
        const { train, val, classes } = sourceSets(request);
        const started = performance.now();
        const source = await trainSourceModel(
          train,
          val,
          {
            imageSize: settings.imageSize,
            numClasses: classes.length,
            epochs: settings.epochs,
            batchSize: settings.batchSize,
            learningRate: settings.learningRate,
            hiddenUnits: 64,
            seed: settings.seed,
          },
          {
            onEpoch: async (epoch) => {
              session.emit({ type: 'sourceEpochEnded', runId, epoch, epochs: settings.epochs });
              await yieldToEventLoop();
            },
            afterBatch: yieldToEventLoop,
            shouldStop: () => session.isStopRequested(runId),
          },
        );
        try {
          if (source.training.stoppedEarly) return { record: null, stoppedEarly: true };
          const record = await sourceTrunkRecord(source.features, {
            id: request.id,
            name: request.name,
            sourceName: request.sourceName,
            classes,
            trainCount: train.labels.length,
            valCount: val.labels.length,
            epochs: settings.epochs,
            validationAccuracy: source.validationAccuracy,
            trainMs: performance.now() - started,
            createdAt: Date.now(),
          });
          return { record, stoppedEarly: false };
        } finally {
          disposeModelFully(source.features);
        }
      } finally {
        prepared = { imageSize: 0, pixels: new Map() };
        session.endRun(runId);
      }
    },
  };
}
