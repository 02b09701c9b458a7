// The pipeline's test hook (window.transferLab, installed by test-hooks.ts in test builds only):
// the Playwright tests and the bench drive the UI like a user, and read plain-data state and
// timings from here instead of scraping text.
import { readImageBytes } from '../lib/image-registry';
import { useProjectStore } from '../state/project-store';
import { useTrainingStore } from '../state/training-store';
import { useTrunkStore } from '../state/trunk-store';
import { mlClient, transferImages } from '../worker/client';
import type { MemoryReport, TrainSummary, TrunkInfo } from '../protocol';
import type { EpochLog } from '../ml/train-config';

export interface AutomationSnapshot {
  trunk: { status: string; info: TrunkInfo | null; message: string | null };
  training: {
    status: string;
    embedStats: { count: number; ms: number } | null;
    epochs: EpochLog[];
    summary: TrainSummary | null;
    message: string | null;
    embedded: { done: number; total: number };
  };
  classes: { id: string; label: string; count: number }[];
}

export interface TransferLabAutomation {
  snapshot(): AutomationSnapshot;
  /** Classifies images fetched from this page's own origin (or data: URLs) through the same worker the UI uses. */
  predictUrls(urls: string[]): Promise<number[][]>;
  /** Probabilities for an image already in the project (by id). */
  predictImage(id: string): Promise<number[]>;
  memory(): Promise<MemoryReport>;
}

/** Fetches a test image: only from the page's own origin or a data: URL, never anywhere else. */
export async function fetchTestImage(url: string): Promise<Blob> {
  const target = new URL(url, location.href);
  if (target.protocol !== 'data:' && target.origin !== location.origin)
    throw new Error(`${url}: test images come from this page's origin or a data: URL`);
  const response = await fetch(target);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

export function createPipelineAutomation(): TransferLabAutomation {
  return {
    snapshot: () => {
      const trunk = useTrunkStore.getState();
      const training = useTrainingStore.getState();
      return {
        trunk: { status: trunk.status, info: trunk.info, message: trunk.message },
        training: {
          status: training.status,
          embedStats: training.embedStats,
          epochs: training.epochs,
          summary: training.summary,
          message: training.message,
          embedded: training.embedded,
        },
        classes: useProjectStore.getState().classes.map((c) => ({ id: c.id, label: c.label, count: c.imageIds.length })),
      };
    },
    predictUrls: async (urls) => {
      const results: number[][] = [];
      for (const url of urls) {
        const blob = await fetchTestImage(url);
        results.push(await mlClient().predict(transferImages({ id: url, bytes: await blob.arrayBuffer(), type: blob.type })));
      }
      return results;
    },
    predictImage: async (id) => mlClient().predict(transferImages(await readImageBytes(id))),
    memory: () => mlClient().memory(),
  };
}
