import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { refreshEmbeddingMap } from '../../app/evaluation-actions';
import { canUseUmap, UMAP_MAX_POINTS } from '../../ml/projection-options';
import { useEvaluationStore } from '../../state/evaluation-store';
import { useTrunkStore } from '../../state/trunk-store';
import { classColor } from './class-colors';
import { ScatterMap } from './ScatterMap';
import { ChartTable, formatNumber, type ChartTableColumn } from '../charts/ChartTable';
import type { MapPoint } from '../../protocol';

const SET_NAME_KEYS = {
  train: 'map.setNames.train',
  validation: 'map.setNames.validation',
  test: 'map.setNames.test',
  'not-in-run': 'map.setNames.notInRun',
} as const satisfies Record<MapPoint['set'], string>;

/** The maps' text alternative: one row per image, its class, its set and both positions. */
function mapColumns(labels: string[], t: TFunction<'evaluation'>): ChartTableColumn<MapPoint>[] {
  return [
    { label: t('map.columns.class'), value: (p) => `${p.classIndex + 1}. ${labels[p.classIndex] ?? ''}` },
    { label: t('map.columns.set'), value: (p) => t(SET_NAME_KEYS[p.set]) },
    { label: t('map.columns.trunkX'), value: (p) => formatNumber(p.trunk[0], 2) },
    { label: t('map.columns.trunkY'), value: (p) => formatNumber(p.trunk[1], 2) },
    { label: t('map.columns.pixelsX'), value: (p) => formatNumber(p.pixels[0], 2) },
    { label: t('map.columns.pixelsY'), value: (p) => formatNumber(p.pixels[1], 2) },
  ];
}
import { useClassLabels } from './useClassLabels';

const variance = (ratios: number[] | null, t: TFunction<'evaluation'>) =>
  ratios ? t('map.variance', { percent: Math.round((ratios[0] + ratios[1]) * 100) }) : t('map.umapScale');

/**
 * The trunk's embeddings beside the raw pixels, projected the same way: a pretrained trunk puts
 * images of a class together where raw pixels mostly sort by colour and brightness.
 */
export function EmbeddingMapView() {
  const { t } = useTranslation('evaluation');
  const map = useEvaluationStore((s) => s.map);
  const status = useEvaluationStore((s) => s.mapStatus);
  const progress = useEvaluationStore((s) => s.mapProgress);
  const message = useEvaluationStore((s) => s.mapMessage);
  const method = useEvaluationStore((s) => s.mapMethod);
  const embeddingSize = useTrunkStore((s) => s.info?.embeddingSize);
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const classCount = map ? Math.max(0, ...map.points.map((p) => p.classIndex + 1)) : 0;
  const labels = useClassLabels(Array.from({ length: classCount }, (_, i) => t('map.className', { number: i + 1 })));
  const count = map?.points.length ?? 0;
  const classesShown = map ? [...new Set(map.points.map((p) => p.classIndex))].sort((a, b) => a - b) : [];

  return (
    <section
      className="embedding-map"
      aria-label={t('map.title')}
      data-testid="embedding-map"
      data-status={status}
      data-method={map?.method ?? method}
      data-compute-ms={map ? map.computeMs.toFixed(1) : ''}
    >
      <h3>{t('map.title')}</h3>
      <div className="row">
        <span>{t('map.projection')}</span>
        {(['pca', 'umap'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="map-method"
              data-testid={`map-method-${m}`}
              checked={method === m}
              disabled={status === 'computing' || (m === 'umap' && !canUseUmap(count))}
              onChange={() => void refreshEmbeddingMap(m)}
            />
            {m === 'pca' ? t('map.pca') : t('map.umap', { max: UMAP_MAX_POINTS })}
          </label>
        ))}
        {status === 'computing' && <progress data-testid="map-progress" max={1} value={progress} />}
      </div>
      {status === 'error' && message && (
        <p role="alert" className="error" data-testid="map-error">
          {message}
        </p>
      )}
      {map && map.points.length > 0 && (
        <>
          <div className="maps">
            <ScatterMap
              title={t('map.trunkTitle')}
              subtitle={t('map.trunkSubtitle', { size: embeddingSize ?? '', variance: variance(map.trunkVariance, t) })}
              testId="embedding-map-trunk"
              points={map.points}
              coordinate="trunk"
              labels={labels}
              hoveredId={hoveredId}
              onHover={setHoveredId}
            />
            <ScatterMap
              title={t('map.pixelsTitle')}
              subtitle={t('map.pixelsSubtitle', { size: map.pixelSize, variance: variance(map.pixelVariance, t) })}
              testId="embedding-map-pixels"
              points={map.points}
              coordinate="pixels"
              labels={labels}
              hoveredId={hoveredId}
              onHover={setHoveredId}
            />
          </div>
          <ul className="map-legend">
            {classesShown.map((c) => (
              <li key={c} data-testid="map-legend-item" data-color={classColor(c)}>
                <span className="swatch" style={{ background: classColor(c) }} />
                <span className="legend-number">{c + 1}</span> <span translate="no">{labels[c]}</span>
              </li>
            ))}
            <li className="muted">{t('map.legendSets')}</li>
          </ul>
          <ChartTable caption={t('map.tableCaption')} columns={mapColumns(labels, t)} rows={map.points} testId="embedding-map-table" />
          <p className="muted">
            {t('map.explainer')}
            {map.notEmbedded > 0 && ` ${t('map.notEmbedded', { count: map.notEmbedded })}`}{' '}
            {t('map.computedIn', { ms: Math.round(map.computeMs) })}
          </p>
        </>
      )}
    </section>
  );
}
