// Ranking the installed trunks on the project's photos: each trunk is read and built with the
// same loaders as the main one (trunk-source.ts, folded like it), its embeddings go to the session's
// embedding cache under its content key (so the trunk in use, or one chosen afterwards, does not
// embed them again), and the ranking itself is ml/rank-trunks.ts.
import { foldTrunkChecked, rankTrunks, warmUpTrunk, type RankableTrunk, type TrunkEmbeddings, type TrunkRunner } from '../ml';
import { secondEmbedder } from './decode-worker-client';
import { embedImageBytes, workerDecoder } from './embed-pipeline';
import type { ImageBytes, TrunkRankingApi, TrunkSource } from '../protocol';
import { yieldToEventLoop, type MlSession } from './session';
import { trunkContentKey } from './trunk-content-key';
import { buildTrunk, readTrunkArtifacts } from './trunk-source';

/** Photos embedded between two stop checks: two batches of 16, so both workers get one (embed-pipeline.ts). */
const STOP_CHECK_PHOTOS = 32;

/** Photos a trunk is timed on when all of them were embedded before (nothing else to time). */
const TIMING_SAMPLE_PHOTOS = 32;

interface ReadyTrunk {
  runner: TrunkRunner;
  key: string;
  embeddingSize: number;
  release: () => void;
}

/** The trunk in use when `source` is it, else a fresh copy built from `source` (released after its turn). */
async function readyTrunk(session: MlSession, source: TrunkSource): Promise<ReadyTrunk> {
  const currentKey = session.currentEmbeddingKey();
  if (currentKey && session.trunk().id === source.id) {
    return { runner: session.trunkRunner(), key: currentKey, embeddingSize: session.trunk().embeddingSize, release: () => undefined };
  }
  const artifacts = await readTrunkArtifacts(source, () => undefined);
  const key = await trunkContentKey(artifacts, source.id);
  const built = await buildTrunk(artifacts, source.id);
  try {
    await warmUpTrunk(built.trunk);
    // Folded like the main trunk, so its time per photo is the time it would take in training.
    const fold = await foldTrunkChecked(built.trunk);
    return {
      runner: fold.folded ?? built.trunk,
      key,
      embeddingSize: built.trunk.embeddingSize,
      release: () => {
        fold.folded?.dispose();
        built.dispose();
      },
    };
  } catch (error) {
    built.dispose();
    throw error;
  }
}

function rankableTrunk(session: MlSession, source: TrunkSource, images: ImageBytes[]): RankableTrunk {
  return {
    id: source.id,
    async embed({ onProgress, shouldStop }): Promise<TrunkEmbeddings | null> {
      const trunk = await readyTrunk(session, source);
      try {
        const ids = images.map((image) => image.id);
        const missing = new Set(session.missingUnder(trunk.key, ids, trunk.embeddingSize));
        const toEmbed = images.filter((image) => missing.has(image.id));
        let ms = 0;
        let timed = 0;
        await onProgress(0, toEmbed.length);
        for (let start = 0; start < toEmbed.length; start += STOP_CHECK_PHOTOS) {
          if (shouldStop()) return null;
          const chunk = toEmbed.slice(start, start + STOP_CHECK_PHOTOS);
          const began = performance.now();
          await session.embedInto(trunk.key, trunk.runner, chunk, (done) => onProgress(start + done, toEmbed.length));
          ms += performance.now() - began;
          timed += chunk.length;
        }
        if (timed === 0 && images.length > 0) {
          // Every photo was embedded before: time a sample, so every trunk shows a time from this run.
          if (shouldStop()) return null;
          const sample = images.slice(0, TIMING_SAMPLE_PHOTOS);
          const began = performance.now();
          await embedImageBytes(trunk.runner, sample, 16, yieldToEventLoop, workerDecoder, secondEmbedder(trunk.runner));
          ms = performance.now() - began;
          timed = sample.length;
        }
        return {
          embeddings: ids.map((id) => session.embeddingUnder(trunk.key, id) ?? null),
          msPerPhoto: timed > 0 ? ms / timed : 0,
          timedPhotos: timed,
        };
      } finally {
        trunk.release();
      }
    },
  };
}

export function createTrunkRankingService(session: MlSession): TrunkRankingApi {
  return {
    async rankTrunks(request) {
      const { runId } = request;
      const byId = new Map(request.images.map((image) => [image.id, image]));
      const images = request.examples.map((example) => {
        const image = byId.get(example.id);
        if (!image) throw new Error(`Photo ${example.id} was not sent with the ranking request.`);
        return image;
      });
      session.beginRun(runId);
      try {
        return await rankTrunks(
          request.trunks.map((source) => rankableTrunk(session, source, images)),
          request.examples.map((example) => example.classIndex),
          request.labels.length,
          {
            shouldStop: () => session.isStopRequested(runId),
            onProgress: async (progress) => {
              session.emit({ type: 'trunkRankingProgressed', runId, progress });
              await yieldToEventLoop(); // lets a stop request in
            },
          },
        );
      } finally {
        session.endRun(runId);
        // The decode worker may hold a ranked trunk's copy now: give it the trunk in use back.
        if (session.currentEmbeddingKey()) secondEmbedder(session.trunkRunner());
      }
    },

    stopTrunkRanking: async (runId) => session.requestStop(runId),
  };
}
