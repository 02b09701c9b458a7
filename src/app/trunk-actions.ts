// Loading the trunk (installed copy, URL or local files) and switching the backend.
import { errorMessage } from '../lib/error-message';
import { useTrainingStore } from '../state/training-store';
import { useTrunkStore } from '../state/trunk-store';
import { mlClient } from '../worker/client';
import type { BackendPreference, TrunkSource } from '../protocol';
import { checkTrunkUrl, TrunkUrlError } from '../worker/trunk-url';
import {
  catalogTrunkSource,
  cutCatalogTrunkAt,
  DEFAULT_TRUNK_ID,
  fetchInstalledTrunkIds,
  installedTrunkUrl,
  TRUNKS,
} from './trunk-catalog';
import { t } from '../lib/i18n';
import { readOwnTrunk } from './source-model-actions';

export function missingTrunkMessage(id: string): string {
  const trunk = TRUNKS.find((t) => t.id === id);
  return trunk
    ? t('notices:trunkNotInstalledWithUrl', { name: trunk.name, url: trunk.canonicalUrl })
    : t('notices:trunkNotInstalled', { name: id });
}

/** The trunk last asked for, to load it again into a fresh worker (app/worker-recovery.ts). */
let lastSource: TrunkSource | null = null;

async function load(source: TrunkSource, onReady: () => void = () => useTrainingStore.getState().invalidateModel()): Promise<void> {
  lastSource = source;
  const trunk = useTrunkStore.getState();
  trunk.startLoading(source.id);
  try {
    const info = await mlClient().loadTrunk(source, trunk.backendPreference);
    useTrunkStore.getState().setReady(info);
    onReady();
  } catch (error) {
    useTrunkStore.getState().setError(errorMessage(error));
  }
}

/**
 * Loads the trunk last asked for again, on the backend now preferred: after the worker that held
 * it ended. The training store is left as the caller set it (the run's message stays).
 */
export async function reloadTrunk(): Promise<void> {
  if (lastSource) await load(lastSource, () => undefined);
  else await loadInstalledTrunk();
}

export async function loadInstalledTrunk(id: string = DEFAULT_TRUNK_ID): Promise<void> {
  const installed = await fetchInstalledTrunkIds();
  if (!installed.has(id)) {
    useTrunkStore.getState().setMissing(id, missingTrunkMessage(id));
    return;
  }
  const entry = TRUNKS.find((t) => t.id === id);
  await load(entry ? catalogTrunkSource(entry, installedTrunkUrl(id)) : { kind: 'url', id, url: installedTrunkUrl(id) });
}

/** Why a typed trunk address is refused (the worker applies the same rule to every request), or null. */
export function trunkUrlProblem(url: string): string | null {
  try {
    checkTrunkUrl(url, location.origin);
    return null;
  } catch (error) {
    if (error instanceof TrunkUrlError) return error.message;
    throw error;
  }
}

export function loadTrunkFromUrl(url: string): Promise<void> {
  const entry = cutCatalogTrunkAt(url);
  return load(entry ? catalogTrunkSource(entry, url) : { kind: 'url', id: url, url });
}

/** Makes your own source model (kept in storage) the trunk, as the trunk picker offers it beside the catalogue's. */
export async function loadOwnTrunk(id: string): Promise<void> {
  let record;
  try {
    record = await readOwnTrunk(id);
  } catch (error) {
    useTrunkStore.getState().setError(errorMessage(error));
    return;
  }
  await load({ kind: 'own', id, record });
}

export function loadTrunkFromFiles(files: File[]): Promise<void> {
  const json = files.find((f) => f.name.endsWith('.json'));
  return load({ kind: 'files', id: `local:${json?.name ?? 'model.json'}:${files.map((f) => f.size).join('+')}`, files });
}

export async function switchBackend(preference: BackendPreference): Promise<void> {
  const trunk = useTrunkStore.getState();
  trunk.setBackendPreference(preference);
  if (trunk.status !== 'ready') return;
  trunk.startLoading(trunk.selectedId);
  try {
    const info = await mlClient().switchBackend(preference);
    useTrunkStore.getState().setReady(info);
    useTrainingStore.getState().invalidateModel();
  } catch (error) {
    useTrunkStore.getState().setError(errorMessage(error));
  }
}
