// Evaluation commands: every number the evaluation view shows is computed here, from the
// cached embeddings and the trained head, and returned as plain data.
import { bitmapToPixels } from '../lib/decode-image';
import { scoreHeldOut } from '../ml';
import { findNearDuplicates, NEAR_DUPLICATE_SIMILARITY } from '../ml';
import { predictEmbeddings, predictPixels } from '../ml';
import { project2d } from '../ml';
import { RAW_PIXEL_SIZE } from '../ml';
import type { ClassSplitCounts } from '../ml';
import type { EmbeddingMap, EvaluationApi, EvaluationReport, MapSet, NearDuplicate, ScoredSetName } from '../protocol';
import { yieldToEventLoop, type MlSession, type RunSplit } from './session';

/** Pairs listed in a report; the total is always given. */
export const MAX_NEAR_DUPLICATES = 50;

type SplitEntry = RunSplit['train'][number];

export function createEvaluationService(session: MlSession): EvaluationApi {
  return {
    async evaluate(imageIds) {
      const started = performance.now();
      const split = session.lastSplit();
      const head = session.trainedHead();
      // Images removed since training (or never embedded) drop out of every count.
      const missing = new Set(session.missingEmbeddings(imageIds));
      const present = new Set(imageIds.filter((id) => !missing.has(id)));
      const keep = (entries: SplitEntry[]) => entries.filter((e) => present.has(e.id));
      const train = keep(split.train);
      const val = keep(split.val);
      const test = keep(split.test);
      const set: ScoredSetName = test.length > 0 ? 'test' : val.length > 0 ? 'validation' : 'none';
      const scored = set === 'test' ? test : set === 'validation' ? val : [];

      const ids = scored.map((e) => e.id);
      // After a final fit the model trained on the validation photos: only the head from before it can be scored on them.
      const scoredBeforeFinalFit = set === 'validation' && head.beforeFinalFit !== undefined;
      const scorer = scoredBeforeFinalFit ? head.beforeFinalFit! : head.model;
      const probabilities = scored.length > 0 ? await predictEmbeddings(scorer, session.embeddingsOf(ids)) : [];
      const report = scoreHeldOut(
        ids,
        scored.map((e) => e.classIndex),
        probabilities,
        split.labels.length,
      );
      const nearDuplicates = nearDuplicatePairs(session, train, scored);
      return {
        ...report,
        runId: split.runId,
        labels: [...split.labels],
        set,
        scoredBeforeFinalFit,
        splitCounts: countsPerClass(split.labels.length, train, val, test),
        nearDuplicates: {
          threshold: NEAR_DUPLICATE_SIMILARITY,
          pairs: nearDuplicates.slice(0, MAX_NEAR_DUPLICATES),
          total: nearDuplicates.length,
          heldOutImages: new Set(nearDuplicates.map((p) => p.heldOutId)).size,
        },
        computeMs: performance.now() - started,
      } satisfies EvaluationReport;
    },

    async embeddingMap({ requestId, examples, method }) {
      const started = performance.now();
      const trunkId = session.trunk().id;
      const missing = new Set(session.missingEmbeddings(examples.map((e) => e.id)));
      const rawPixels = session.rawPixelsOf(examples.map((e) => e.id));
      const drawn = examples.filter((e, i) => !missing.has(e.id) && rawPixels[i] !== undefined);
      const setOf = runSets(session);
      const base: EmbeddingMap = {
        requestId,
        trunkId,
        method,
        points: [],
        pixelSize: RAW_PIXEL_SIZE,
        notEmbedded: examples.length - drawn.length,
        trunkVariance: null,
        pixelVariance: null,
        computeMs: 0,
      };
      if (drawn.length === 0) return { ...base, computeMs: performance.now() - started };

      const ids = drawn.map((e) => e.id);
      const progress = (offset: number) => async (fraction: number) => {
        session.emit({ type: 'embeddingMapProgressed', requestId, fraction: (offset + fraction) / 2 });
        await yieldToEventLoop();
      };
      const trunkMap = await project2d(session.embeddingsOf(ids), method, { onProgress: progress(0) });
      await yieldToEventLoop();
      const pixelMap = await project2d(session.rawPixelsOf(ids) as Float32Array[], method, { onProgress: progress(1) });
      return {
        ...base,
        points: drawn.map((e, i) => ({
          id: e.id,
          classIndex: e.classIndex,
          set: setOf.get(e.id) ?? 'not-in-run',
          trunk: [trunkMap.points[i][0], trunkMap.points[i][1]],
          pixels: [pixelMap.points[i][0], pixelMap.points[i][1]],
        })),
        trunkVariance: trunkMap.explainedVarianceRatio,
        pixelVariance: pixelMap.explainedVarianceRatio,
        computeMs: performance.now() - started,
      };
    },

    async predictFrame(frame) {
      const started = performance.now();
      try {
        const trunk = session.trunk();
        const head = session.trainedHead();
        const pixels = bitmapToPixels(frame);
        const [probabilities] = await predictPixels(trunk, head.model, [pixels]);
        return { probabilities: Array.from(probabilities), workerMs: performance.now() - started };
      } finally {
        frame.close();
      }
    },
  };
}

function countsPerClass(numClasses: number, train: SplitEntry[], val: SplitEntry[], test: SplitEntry[]): ClassSplitCounts[] {
  const counts = Array.from({ length: numClasses }, () => ({ train: 0, val: 0, test: 0 }));
  for (const e of train) counts[e.classIndex].train++;
  for (const e of val) counts[e.classIndex].val++;
  for (const e of test) counts[e.classIndex].test++;
  return counts;
}

function nearDuplicatePairs(session: MlSession, train: SplitEntry[], heldOut: SplitEntry[]): NearDuplicate[] {
  if (train.length === 0 || heldOut.length === 0) return [];
  const pairs = findNearDuplicates(session.embeddingsOf(train.map((e) => e.id)), session.embeddingsOf(heldOut.map((e) => e.id)));
  return pairs.map((p) => ({ trainId: train[p.first].id, heldOutId: heldOut[p.second].id, similarity: p.similarity }));
}

/** Which set of the last run each image was in; empty when there is no trained head. */
function runSets(session: MlSession): Map<string, MapSet> {
  const sets = new Map<string, MapSet>();
  let split: RunSplit;
  try {
    split = session.lastSplit();
  } catch {
    return sets;
  }
  for (const e of split.train) sets.set(e.id, 'train');
  for (const e of split.val) sets.set(e.id, 'validation');
  for (const e of split.test) sets.set(e.id, 'test');
  return sets;
}
