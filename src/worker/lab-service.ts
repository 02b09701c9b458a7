// The lab's commands: decode each photo, then hand over to the lab's orchestration in src/ml/lab
// (lab-orchestration.ts), turning its progress into events and its stop checks into the
// session's run bookkeeping. This adapter owns only the lab's workspace (caches, trunk copy).
import { decodeImageBytes } from '../lib/decode-image';
import { errorMessage } from '../lib/error-message';
import {
  assessImages,
  compareStrategies,
  createLabWorkspace,
  labBlocks,
  measureDataSize,
  missingIds,
  prepareImages,
  registerWasmTrainingKernels,
  type PixelImage,
} from '../ml';
import type { EmbedOutcome, LabApi } from '../protocol';
import { yieldToEventLoop, type MlSession } from './session';

export function createLabService(session: MlSession): LabApi {
  // Global on purpose: see docs/architecture.md and wasm-training-kernels-global.test.ts.
  registerWasmTrainingKernels();
  const workspace = createLabWorkspace(session);

  /** Marks the run as started for stop requests while `work` runs. */
  async function asRun<T>(runId: string, work: () => Promise<T>): Promise<T> {
    session.beginRun(runId);
    try {
      return await work();
    } finally {
      session.endRun(runId);
    }
  }

  const control = (runId: string) => ({ yieldNow: yieldToEventLoop, shouldStop: () => session.isStopRequested(runId) });

  return {
    labBlocks: () => labBlocks(workspace),

    labMissing: (trunkId, needs, ids) => missingIds(workspace, trunkId, needs, ids),

    async labPrepare(runId, trunkId, needs, images, total, doneBefore) {
      const outcomes: EmbedOutcome[] = [];
      const decoded: { id: string; pixels: PixelImage }[] = [];
      for (const image of images) {
        try {
          decoded.push({ id: image.id, pixels: await decodeImageBytes(image.bytes, image.type) });
        } catch (error) {
          outcomes.push({ id: image.id, ok: false, message: errorMessage(error) });
        }
      }
      let done = doneBefore + outcomes.length;
      await prepareImages(workspace, trunkId, needs, decoded, async (count) => {
        done += count;
        session.emit({ type: 'labPrepared', runId, done, total });
        await yieldToEventLoop();
      });
      for (const { id } of decoded) outcomes.push({ id, ok: true });
      return outcomes;
    },

    labCompare: (request) =>
      asRun(request.runId, () =>
        compareStrategies(workspace, request, {
          ...control(request.runId),
          onEpoch: (strategy, seed, epoch) => session.emit({ type: 'labEpochEnded', runId: request.runId, strategy, seed, epoch }),
          onSeedFinished: (summary) => session.emit({ type: 'labSeedFinished', runId: request.runId, summary }),
        }),
      ),

    labDataSize: (request) =>
      asRun(request.runId, () =>
        measureDataSize(workspace, request, {
          ...control(request.runId),
          onPoint: (point) => session.emit({ type: 'labDataSizeMeasured', runId: request.runId, point }),
        }),
      ),

    labAssess: async (request) => assessImages(workspace, request),

    labStop: async (runId) => session.requestStop(runId),
  };
}
