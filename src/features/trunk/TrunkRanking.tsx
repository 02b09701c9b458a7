import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { rankingBlocker, startTrunkRanking, stopTrunkRanking } from '../../app/trunk-ranking-actions';
import { trunkName } from '../../app/trunk-catalog';
import { bestTrunkId, type RankingProgress, type TrunkScore } from '../../ml/trunk-scores';
import { useProjectStore } from '../../state/project-store';
import { useSourceModelStore } from '../../state/source-model-store';
import { useTrainingStore } from '../../state/training-store';
import { datasetKeyOf, selectRankingBusy, useTrunkRankingStore } from '../../state/trunk-ranking-store';
import { useTrunkStore } from '../../state/trunk-store';
import { useUnreadableStore } from '../../state/unreadable-store';

function progressText(progress: RankingProgress | null, trunkCount: number, nameOf: (id: string) => string, t: TFunction<'trunk'>): string {
  if (!progress) return t('ranking.preparing');
  const where = { index: progress.trunkIndex + 1, count: trunkCount, name: nameOf(progress.trunkId) };
  return progress.stage === 'embedding'
    ? t('ranking.progressEmbedding', { ...where, done: progress.done, total: progress.total })
    : t('ranking.progressScoring', { ...where, fold: progress.fold, folds: progress.folds });
}

function EstimateText({ score, t }: { score: TrunkScore; t: TFunction<'trunk'> }) {
  if ('error' in score) return <span role="alert">{t('ranking.trunkFailed', { error: score.error })}</span>;
  return <>{t('ranking.estimate', { percent: Math.round(score.accuracy * 100), ms: Math.round(score.msPerPhoto) })}</>;
}

/** "Which trunk suits my photos?": the button, its progress and Stop, then an estimate beside each trunk. */
export function TrunkRanking() {
  const { t } = useTranslation('trunk');
  const status = useTrunkRankingStore((s) => s.status);
  const busy = useTrunkRankingStore(selectRankingBusy);
  const trunkIds = useTrunkRankingStore((s) => s.trunkIds);
  const progress = useTrunkRankingStore((s) => s.progress);
  const scores = useTrunkRankingStore((s) => s.scores);
  const leftOut = useTrunkRankingStore((s) => s.leftOut);
  const rankedKey = useTrunkRankingStore((s) => s.datasetKey);
  const message = useTrunkRankingStore((s) => s.message);
  const ownTrunks = useSourceModelStore((s) => s.trunks);
  const inUse = useTrunkStore((s) => (s.status === 'ready' ? (s.info?.id ?? null) : null));
  const classes = useProjectStore((s) => s.classes);
  // Read so that the hint follows the photos, the trunk, training and unreadable photos as they change.
  useTrunkStore((s) => s.status);
  useTrainingStore((s) => s.status);
  useTrainingStore((s) => s.settings);
  useUnreadableStore((s) => s.reasons);
  const blocker = busy ? null : rankingBlocker();
  const nameOf = (id: string) => ownTrunks.find((own) => own.id === id)?.name ?? trunkName(id);
  const best = status === 'done' ? bestTrunkId(scores) : null;
  const stale = status === 'done' && rankedKey !== datasetKeyOf(classes);
  const scored = scores.find((s): s is Extract<TrunkScore, { accuracy: number }> => 'accuracy' in s);

  return (
    <div className="trunk-ranking" data-testid="trunk-ranking">
      <div className="row">
        <button type="button" data-testid="rank-trunks" disabled={busy || blocker !== null} onClick={() => void startTrunkRanking()}>
          {t('ranking.button')}
        </button>
        {busy && (
          <button type="button" data-testid="rank-trunks-stop" disabled={status === 'stopping'} onClick={() => void stopTrunkRanking()}>
            {status === 'stopping' ? t('ranking.stopping') : t('ranking.stop')}
          </button>
        )}
      </div>
      {blocker && (
        <p className="muted" data-testid="rank-trunks-hint">
          {blocker}
        </p>
      )}
      {busy && (
        <p data-testid="rank-trunks-progress" role="status">
          {progressText(progress, trunkIds.length, nameOf, t)}
        </p>
      )}
      {status === 'stopped' && (
        <p className="muted" data-testid="rank-trunks-message">
          {t('ranking.stopped')}
        </p>
      )}
      {status === 'error' && message && (
        <p role="alert" data-testid="rank-trunks-message">
          {t('ranking.failed', { error: message })}
        </p>
      )}
      {status === 'done' && (
        <div data-testid="rank-trunks-results" data-stale={stale}>
          <ul aria-label={t('ranking.resultsLabel')} className={stale ? 'stale' : undefined}>
            {scores.map((score) => (
              <li key={score.trunkId}>
                {/* A trunk's name is the catalogue's or the one you gave your model, not interface text. */}
                <span translate="no">{nameOf(score.trunkId)}</span>
                {score.trunkId === inUse && <> ({t('ranking.inUse')})</>}:{' '}
                <span
                  data-testid={`trunk-estimate-${score.trunkId}`}
                  data-percent={'accuracy' in score ? Math.round(score.accuracy * 100) : undefined}
                  data-best={score.trunkId === best}
                >
                  <EstimateText score={score} t={t} />
                </span>
                {score.trunkId === best && (
                  <>
                    {' '}
                    <strong data-testid="rank-trunks-best">{t('ranking.best')}</strong>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p className="muted" data-testid="rank-trunks-meaning">
            {t('ranking.meaning', { count: scored?.photos ?? 0 })}
          </p>
          {leftOut.length > 0 && <p className="muted">{t('ranking.leftOut', { labels: leftOut.join(', ') })}</p>}
          {stale && (
            <p role="status" data-testid="rank-trunks-stale">
              {t('ranking.stale')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
