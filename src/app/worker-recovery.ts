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
import { t } from '../lib/i18n';

/**
 * Restarts in a row, each ending before its trunk was ready, after which the app stops trying: a
 * worker that dies while loading would otherwise restart forever. Two leaves room for one
 * unlucky crash during a reload.
 */
const MAX_FAILED_RESTARTS = 2;

let failedRestarts = 0;
let connected = false;

export function engineStoppedNotice(stop: WorkerStop, fellBackToWasm: boolean): string {
  const cause = stop.reason === 'webglContextLost' ? t('notices:engineStoppedWebgl') : t('notices:engineStoppedBrowser');
  const restart = fellBackToWasm ? t('notices:engineRestartedOnWasm') : t('notices:engineRestarted');
  return t('notices:engineStopped', { cause, restart });
}

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
  useTrainingStore.getState().engineStopped(t('notices:runCutShort'));
  if (failedRestarts > MAX_FAILED_RESTARTS) {
    trunk.setError(t('notices:engineKeepsStopping'));
    return;
  }
  useNoticeStore.getState().push('warning', engineStoppedNotice(stop, fellBackToWasm));
  await reloadTrunk();
  const reloaded = useTrunkStore.getState();
  if (reloaded.status !== 'ready' || !reloaded.info) return;
  failedRestarts = 0;
  if (fellBackToWasm) {
    reloaded.setReady({ ...reloaded.info, backend: { ...reloaded.info.backend, reason: t('notices:switchedToWasm') } });
  }
  await restoreStoredEmbeddings();
}

/** Restarts the engine each time the ML worker ends; once per page. */
export function connectWorkerRecovery(): void {
  if (connected) return;
  connected = true;
  onWorkerStopped((stop) => void recover(stop));
}
