import { useState } from 'react';
import { refreshEmbeddingMap } from '../../app/evaluation-actions';
import { canUseUmap, UMAP_MAX_POINTS } from '../../ml/projection-options';
import { useEvaluationStore } from '../../state/evaluation-store';
import { useTrunkStore } from '../../state/trunk-store';
import { classColor } from './class-colors';
import { ScatterMap } from './ScatterMap';
import { ChartTable, formatNumber, type ChartTableColumn } from '../charts/ChartTable';
import type { MapPoint } from '../../protocol';

const SET_NAMES: Record<MapPoint['set'], string> = { train: 'training', validation: 'validation', test: 'test', 'not-in-run': 'not in the last run' };

/** The maps' text alternative: one row per image, its class, its set and both positions. */
function mapColumns(labels: string[]): ChartTableColumn<MapPoint>[] {
  return [
    { label: 'Class', value: (p) => `${p.classIndex + 1}. ${labels[p.classIndex] ?? ''}` },
    { label: 'Set', value: (p) => SET_NAMES[p.set] },
    { label: 'Trunk map x', value: (p) => formatNumber(p.trunk[0], 2) },
    { label: 'Trunk map y', value: (p) => formatNumber(p.trunk[1], 2) },
    { label: 'Pixel map x', value: (p) => formatNumber(p.pixels[0], 2) },
    { label: 'Pixel map y', value: (p) => formatNumber(p.pixels[1], 2) },
  ];
}
import { useClassLabels } from './useClassLabels';

const variance = (ratios: number[] | null) => (ratios ? `the two axes show ${Math.round((ratios[0] + ratios[1]) * 100)}% of the variance` : 'UMAP: distances between clusters are not to scale');

/**
 * The trunk's embeddings beside the raw pixels, projected the same way: a pretrained trunk puts
 * images of a class together where raw pixels mostly sort by colour and brightness.
 */
export function EmbeddingMapView() {
  const map = useEvaluationStore((s) => s.map);
  const status = useEvaluationStore((s) => s.mapStatus);
  const progress = useEvaluationStore((s) => s.mapProgress);
  const message = useEvaluationStore((s) => s.mapMessage);
  const method = useEvaluationStore((s) => s.mapMethod);
  const embeddingSize = useTrunkStore((s) => s.info?.embeddingSize);
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const classCount = map ? Math.max(0, ...map.points.map((p) => p.classIndex + 1)) : 0;
  const labels = useClassLabels(Array.from({ length: classCount }, (_, i) => `class ${i + 1}`));
  const count = map?.points.length ?? 0;
  const classesShown = map ? [...new Set(map.points.map((p) => p.classIndex))].sort((a, b) => a - b) : [];

  return (
    <section className="embedding-map" aria-label="Embedding map" data-testid="embedding-map" data-status={status} data-method={map?.method ?? method} data-compute-ms={map ? map.computeMs.toFixed(1) : ''}>
      <h3>Embedding map</h3>
      <div className="row">
        <span>Projection:</span>
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
            {m === 'pca' ? 'PCA (fast, linear)' : `UMAP (neighbourhoods; up to ${UMAP_MAX_POINTS} images)`}
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
              title="What the trunk sees"
              subtitle={`${embeddingSize ?? ''} embedding values per image; ${variance(map.trunkVariance)}`}
              testId="embedding-map-trunk"
              points={map.points}
              coordinate="trunk"
              labels={labels}
              hoveredId={hoveredId}
              onHover={setHoveredId}
            />
            <ScatterMap
              title="Raw pixels"
              subtitle={`${map.pixelSize}×${map.pixelSize}×3 values per image; ${variance(map.pixelVariance)}`}
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
                <span className="legend-number">{c + 1}</span> {labels[c]}
              </li>
            ))}
            <li className="muted">● training ■ validation ▲ test ○ not in the last run</li>
          </ul>
          <ChartTable caption="Where each image lands in the two maps" columns={mapColumns(labels)} rows={map.points} testId="embedding-map-table" />
          <p className="muted">
            Each point is one image; nearby points look alike to that side. Classes that form separate clusters on the left but mix on the right are what the pretrained trunk brings.
            {map.notEmbedded > 0 && ` ${map.notEmbedded} images added since the last training are not drawn yet: train again to include them.`} Computed in {Math.round(map.computeMs)} ms.
          </p>
        </>
      )}
    </section>
  );
}
