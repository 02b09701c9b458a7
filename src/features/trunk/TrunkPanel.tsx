import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { loadInstalledTrunk, loadOwnTrunk, switchBackend } from '../../app/trunk-actions';
import { isOwnTrunkId } from '../../ml/lab/source-trunk';
import { useSourceModelStore } from '../../state/source-model-store';
import { TRUNKS, trunkName } from '../../app/trunk-catalog';
import { useTrunkStore } from '../../state/trunk-store';
import type { BackendChoice, BackendPreference, HeadPlacementPreference } from '../../protocol';
import { LoadTrunkForm } from './LoadTrunkForm';
import { TrunkRanking } from './TrunkRanking';
import { selectRankingBusy, useTrunkRankingStore } from '../../state/trunk-ranking-store';

const BACKEND_OPTIONS: readonly BackendPreference[] = ['auto', 'wasm', 'webgl', 'webgpu', 'cpu'];

const HEAD_PLACEMENT_OPTIONS: readonly HeadPlacementPreference[] = ['auto', 'cpu', 'backend'];

const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/** Where the head will train, in words, for a trunk on `choice.backend`. */
function headPlacementText(choice: BackendChoice, preference: HeadPlacementPreference, t: TFunction<'trunk'>): string {
  if (!GPU_BACKENDS.has(choice.backend)) return '';
  if (preference === 'cpu') return t('headOnCpuByYou');
  if (preference === 'backend') return t('headOnBackendByYou', { backend: choice.backend });
  return choice.head?.reason ?? t('headOnCpu');
}

export function TrunkPanel() {
  const selectedId = useTrunkStore((s) => s.selectedId);
  const status = useTrunkStore((s) => s.status);
  const progress = useTrunkStore((s) => s.progress);
  const stage = useTrunkStore((s) => s.stage);
  const info = useTrunkStore((s) => s.info);
  const message = useTrunkStore((s) => s.message);
  const preference = useTrunkStore((s) => s.backendPreference);
  const headPreference = useTrunkStore((s) => s.headPlacementPreference);
  const setHeadPreference = useTrunkStore((s) => s.setHeadPlacementPreference);
  const [showLoader, setShowLoader] = useState(false);
  // While the trunks are being compared, the trunk in use stays as it is (the ranking reads its embeddings).
  const ranking = useTrunkRankingStore(selectRankingBusy);
  const busy = status === 'loading' || ranking;
  const { t } = useTranslation('trunk');
  // Your own source models (trained in the Lab) are trunks too, listed beside the catalogue's.
  const ownTrunks = useSourceModelStore((s) => s.trunks);
  const known = TRUNKS.some((t) => t.id === selectedId) || ownTrunks.some((t) => t.id === selectedId);
  const nameOf = (id: string) => ownTrunks.find((own) => own.id === id)?.name ?? trunkName(id);

  return (
    <section className="panel trunk-panel" aria-label={t('panelLabel')}>
      <div data-testid="trunk-status" data-status={status} className={`status status-${status}`}>
        {status === 'loading' && (
          <>
            <span>
              {stage === 'download'
                ? t('loadingName', { name: nameOf(selectedId), percent: Math.round(progress * 100) })
                : t('choosingBackend')}
            </span>
            <progress
              data-testid="trunk-progress"
              max={1}
              value={stage === 'download' ? progress : undefined}
              aria-label={t('loadingProgress')}
            />
          </>
        )}
        {status === 'ready' && info && <span>{t('ready', { name: nameOf(info.id), features: info.embeddingSize })}</span>}
        {(status === 'missing' || status === 'error') && <span role="alert">{message}</span>}
      </div>
      {/* Technical detail a class rarely needs: which trunk, which backend, the renderer, the load time. */}
      <details className="tech-details" data-testid="trunk-details">
        <summary>{t('details')}</summary>
        <div className="row">
          <label>
            {t('trunkSelect')}{' '}
            <select
              data-testid="trunk-select"
              value={known ? selectedId : ''}
              disabled={busy}
              onChange={(e) => void (isOwnTrunkId(e.target.value) ? loadOwnTrunk(e.target.value) : loadInstalledTrunk(e.target.value))}
            >
              {!known && <option value="">{selectedId ? t('customTrunk') : t('choose')}</option>}
              <optgroup label={t('pretrainedGroup')}>
                {TRUNKS.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
              {ownTrunks.length > 0 && (
                <optgroup label={t('ownGroup')} data-testid="trunk-own-group">
                  {ownTrunks.map((own) => (
                    <option key={own.id} value={own.id}>
                      {own.name}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          <label>
            {t('backend')}{' '}
            <select
              data-testid="backend-select"
              value={preference}
              disabled={busy}
              onChange={(e) => void switchBackend(e.target.value as BackendPreference)}
            >
              {BACKEND_OPTIONS.map((o) => (
                <option key={o} value={o}>
                  {t(`backendOption.${o}`)}
                </option>
              ))}
            </select>
          </label>
          {status === 'ready' && info && GPU_BACKENDS.has(info.backend.backend) && (
            <label>
              {t('headTrainsOn')}{' '}
              <select
                data-testid="head-placement-select"
                value={headPreference}
                onChange={(e) => setHeadPreference(e.target.value as HeadPlacementPreference)}
              >
                {HEAD_PLACEMENT_OPTIONS.map((o) => (
                  <option key={o} value={o}>
                    {t(`headOption.${o}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" className="link" data-testid="trunk-load-other" onClick={() => setShowLoader((v) => !v)}>
            {showLoader ? t('hide') : t('loadOther')}
          </button>
        </div>
        {status === 'ready' && info ? (
          <p data-testid="backend-status" data-backend={info.backend.backend} className="muted backend-status">
            <Trans
              t={t}
              i18nKey="runningOn"
              values={{
                backend: info.backend.backend,
                reason: info.backend.reason,
                headPlacement: headPlacementText(info.backend, headPreference, t),
                seconds: (info.loadMs / 1000).toFixed(1),
              }}
              components={{ strong: <strong />, head: <span data-testid="head-placement-status" /> }}
            />
          </p>
        ) : (
          <p className="muted backend-status" aria-hidden />
        )}
        <TrunkRanking />
      </details>
      {(showLoader || status === 'missing') && <LoadTrunkForm />}
    </section>
  );
}
