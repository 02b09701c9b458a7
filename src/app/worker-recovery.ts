// What the app does when the ML worker ends under it (client.ts notices: the worker's life lock
// freed, or its WebGL context lost): it says so, restarts the engine with the same trunk (on wasm
// after a lost WebGL context, and says that too), re-reads the stored embeddings, and leaves the
// stores as a retry needs them. Photos, classes and settings live in the page and IndexedDB, not
// in the worker, so none of them changes; the trained head and unsaved embeddings went with the
// worker (the next Train computes what is missing).
import { readEmbeddingSets } from '../lib/project-db';
import { useNoticeStore } from '../state/notice-store';
import { useTrainingStore } from '../state/training-store';
import { useTrunkStore } from '../state/trunk-store';
import { useWorkspaceStore } from '../state/workspace-store';
import { mlClient, onWorkerStopped, type WorkerStop } from '../worker/client';
import { reloadTrunk } from './trunk-actions';

/**
 * Restarts in a row, each ending before its trunk was ready, after which the app stops trying: a
 * worker that dies while loading would otherwise restart forever. Two leaves room for one
 * unlucky crash during a reload.
 */
const MAX_FAILED_RESTARTS = 2;

let failedRestarts = 0;
let connected = false;

export function engineStoppedNotice(stop: WorkerStop, fellBackToWasm: boolean): string {
  const cause =
    stop.reason === 'webglContextLost'
      ? 'The graphics chip (WebGL) stopped working, and the training engine stopped with it.'
      : 'The training engine stopped unexpectedly (the browser ended it).';
  const restart = fellBackToWasm
    ? 'It was restarted on the processor (wasm) instead of the graphics chip.'
    : 'It was restarted.';
  return `${cause} ${restart} Your photos, classes and settings are all still here. Press Train to try again.`;
}

export const RUN_CUT_SHORT = 'This run was cut short because the training engine stopped. It was restarted: press Train to try again.';

async function restoreStoredEmbeddings(): Promise<void> {
  const projectId = useWorkspaceStore.getState().currentId;
  if (!projectId) return;
  try {
    const sets = await readEmbeddingSets(projectId);
    if (sets.length > 0) await mlClient().importEmbeddings(sets);
  } catch {
    // Only a shortcut: the next Train embeds whatever the worker lacks.
  }
}

async function recover(stop: WorkerStop): Promise<void> {
  const trunk = useTrunkStore.getState();
  // A stop while the trunk was still loading into the previous restart's worker: that restart failed.
  failedRestarts = trunk.status === 'loading' && failedRestarts > 0 ? failedRestarts + 1 : 1;
  const fellBackToWasm = stop.reason === 'webglContextLost' && trunk.info?.backend.backend === 'webgl';
  if (fellBackToWasm) trunk.setBackendPreference('wasm');
  useTrainingStore.getState().engineStopped(RUN_CUT_SHORT);
  if (failedRestarts > MAX_FAILED_RESTARTS) {
    trunk.setError('The training engine keeps stopping while it loads the model. Reload the page to start it again; your photos, classes and settings are kept.');
    return;
  }
  useNoticeStore.getState().push('warning', engineStoppedNotice(stop, fellBackToWasm));
  await reloadTrunk();
  const reloaded = useTrunkStore.getState();
  if (reloaded.status !== 'ready' || !reloaded.info) return;
  failedRestarts = 0;
  if (fellBackToWasm) {
    reloaded.setReady({ ...reloaded.info, backend: { ...reloaded.info.backend, reason: 'Switched to wasm because the graphics chip (WebGL) stopped working; you can choose webgl again above.' } });
  }
  await restoreStoredEmbeddings();
}

/** Restarts the engine each time the ML worker ends; once per page. */
export function connectWorkerRecovery(): void {
  if (connected) return;
  connected = true;
  onWorkerStopped((stop) => void recover(stop));
}
