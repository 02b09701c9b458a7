// "Which trunk suits my photos?": rank every installed trunk (and your own models) on the
// project's labelled photos in the worker, showing progress; the user then picks a trunk.
import { errorMessage } from '../lib/error-message';
import { t } from '../lib/i18n';
import { readOriginalHandles } from '../lib/image-registry';
import { rankingPhotos, type RankingPhotos, type TrunkScore } from '../ml/trunk-scores';
import { newId } from '../state/ids';
import { useProjectStore } from '../state/project-store';
import { useSourceModelStore } from '../state/source-model-store';
import { selectIsBusy, useTrainingStore } from '../state/training-store';
import { datasetKeyOf, selectRankingBusy, useTrunkRankingStore } from '../state/trunk-ranking-store';
import { useTrunkStore } from '../state/trunk-store';
import { useUnreadableStore } from '../state/unreadable-store';
import { mlClient } from '../worker/client';
import type { TrunkSource } from '../protocol';
import { readOwnTrunk } from './source-model-actions';
import { fetchInstalledTrunkIds, installedTrunkUrl, TRUNKS } from './trunk-catalog';

/** The photos a ranking would use now: readable ones, without the next training run's test photos. */
export function currentRankingPhotos(): RankingPhotos {
  const { reasons } = useUnreadableStore.getState();
  const classes = useProjectStore
    .getState()
    .classes.map((c) => ({ label: c.label, imageIds: c.imageIds.filter((id) => !(id in reasons)) }));
  const { valFraction, testFraction, seed } = useTrainingStore.getState().settings;
  return rankingPhotos(classes, { valFraction, testFraction, seed });
}

/** Why the trunks cannot be ranked now, in words; null when they can. */
export function rankingBlocker(): string | null {
  if (useTrunkStore.getState().status !== 'ready') return t('trunk:ranking.waitForTrunk');
  if (selectIsBusy(useTrainingStore.getState())) return t('trunk:ranking.waitForTraining');
  if (currentRankingPhotos().labels.length < 2) return t('trunk:ranking.needPhotos');
  return null;
}

/** The installed trunks in the catalogue's order, then your own models; a model of your own that cannot be read from storage gets its reason instead. */
async function rankableSources(): Promise<{ sources: TrunkSource[]; unreadable: TrunkScore[] }> {
  const installed = await fetchInstalledTrunkIds();
  const sources: TrunkSource[] = TRUNKS.filter((trunk) => installed.has(trunk.id)).map((trunk) => ({
    kind: 'url',
    id: trunk.id,
    url: installedTrunkUrl(trunk.id),
  }));
  const unreadable: TrunkScore[] = [];
  for (const own of useSourceModelStore.getState().trunks) {
    try {
      sources.push({ kind: 'own', id: own.id, record: await readOwnTrunk(own.id) });
    } catch (error) {
      unreadable.push({ trunkId: own.id, error: errorMessage(error) });
    }
  }
  return { sources, unreadable };
}

export async function startTrunkRanking(): Promise<void> {
  if (selectRankingBusy(useTrunkRankingStore.getState()) || rankingBlocker()) return;
  const photos = currentRankingPhotos();
  const runId = newId('rank');
  const store = useTrunkRankingStore.getState();
  store.start(runId, [], datasetKeyOf(useProjectStore.getState().classes), photos.leftOut);
  try {
    const { sources: trunks, unreadable } = await rankableSources();
    useTrunkRankingStore.setState({ trunkIds: trunks.map((trunk) => trunk.id) });
    const images = await readOriginalHandles(photos.examples.map((example) => example.id));
    if (useTrunkRankingStore.getState().status === 'stopping') {
      useTrunkRankingStore.getState().markStopped(runId);
      return;
    }
    const outcome = await mlClient().rankTrunks({ runId, trunks, examples: photos.examples, labels: photos.labels, images });
    if (outcome.stopped) useTrunkRankingStore.getState().markStopped(runId);
    else useTrunkRankingStore.getState().finish(runId, [...outcome.scores, ...unreadable]);
  } catch (error) {
    useTrunkRankingStore.getState().fail(runId, errorMessage(error));
  }
}

export async function stopTrunkRanking(): Promise<void> {
  const { runId, status } = useTrunkRankingStore.getState();
  if (!runId || status !== 'running') return;
  useTrunkRankingStore.getState().requestStop(runId);
  await mlClient().stopTrunkRanking(runId);
}
