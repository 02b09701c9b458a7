import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapPoint, MapSet } from '../../protocol';
import { classColor } from './class-colors';
import { ImageThumb } from './ImageThumb';

/** Each set's word in a point's tooltip. */
const POINT_SET_KEYS = {
  train: 'map.pointSets.train',
  validation: 'map.pointSets.validation',
  test: 'map.pointSets.test',
  'not-in-run': 'map.pointSets.notInRun',
} as const satisfies Record<MapSet, string>;

const SIZE = 320;
const PAD = 14;

/** Marker per set: where a test point lands tells whether the trunk put it with its class. */
function Marker({ set, x, y, color, highlighted }: { set: MapSet; x: number; y: number; color: string; highlighted: boolean }) {
  const r = highlighted ? 7 : 4.5;
  const common = {
    fill: set === 'not-in-run' ? 'white' : color,
    stroke: highlighted ? '#111827' : color,
    strokeWidth: highlighted ? 2 : 1.2,
  };
  if (set === 'test')
    return <path d={`M${x},${y - r * 1.2} L${x + r * 1.1},${y + r * 0.8} L${x - r * 1.1},${y + r * 0.8} Z`} {...common} />;
  if (set === 'validation') return <rect x={x - r * 0.85} y={y - r * 0.85} width={r * 1.7} height={r * 1.7} {...common} />;
  return <circle cx={x} cy={y} r={r} {...common} />;
}

/** Each class's centre, where its number is written: which cluster is which does not rest on colour alone. */
function classCentres(points: MapPoint[], coordinate: 'trunk' | 'pixels'): { classIndex: number; x: number; y: number }[] {
  const sums = new Map<number, { x: number; y: number; n: number }>();
  for (const p of points) {
    const sum = sums.get(p.classIndex) ?? { x: 0, y: 0, n: 0 };
    sum.x += p[coordinate][0];
    sum.y += p[coordinate][1];
    sum.n += 1;
    sums.set(p.classIndex, sum);
  }
  return [...sums].map(([classIndex, s]) => ({ classIndex, x: s.x / s.n, y: s.y / s.n }));
}

/** Above the point, kept inside the frame: shifted right near the left edge, left near the right edge, below near the top. */
function tooltipPosition(x: number, y: number): CSSProperties {
  const shiftX = x < 0.25 ? '-10%' : x > 0.75 ? '-90%' : '-50%';
  const shiftY = y < 0.3 ? '14px' : 'calc(-100% - 10px)';
  return { left: `${x * 100}%`, top: `${y * 100}%`, transform: `translate(${shiftX}, ${shiftY})` };
}

export interface ScatterMapProps {
  title: string;
  subtitle: string;
  testId: string;
  points: MapPoint[];
  coordinate: 'trunk' | 'pixels';
  labels: string[];
  hoveredId: string | null;
  onHover: (id: string | null) => void;
}

/** One 2-D map, scaled to fit; hovering a point shows its thumbnail (and highlights it in the other map). */
export function ScatterMap({ title, subtitle, testId, points, coordinate, labels, hoveredId, onHover }: ScatterMapProps) {
  const { t } = useTranslation('evaluation');
  const xs = points.map((p) => p[coordinate][0]);
  const ys = points.map((p) => p[coordinate][1]);
  const scale = (values: number[]) => {
    const min = Math.min(...values);
    const span = Math.max(...values) - min || 1;
    return (value: number) => PAD + ((value - min) / span) * (SIZE - 2 * PAD);
  };
  const sx = scale(xs);
  const sy = scale(ys);
  const hovered = points.find((p) => p.id === hoveredId) ?? null;
  // The hovered point is drawn last so it sits on top.
  const ordered = hovered ? [...points.filter((p) => p !== hovered), hovered] : points;
  return (
    <figure className="scatter-map" data-testid={testId} data-points={points.length}>
      <figcaption>
        <strong>{title}</strong>
        <span className="muted"> {subtitle}</span>
      </figcaption>
      <div className="scatter-frame">
        <svg viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={title} onMouseLeave={() => onHover(null)}>
          <rect x={0} y={0} width={SIZE} height={SIZE} fill="#f9fafb" />
          {ordered.map((p) => (
            <g
              key={p.id}
              data-testid="map-point"
              data-image-id={p.id}
              data-class={p.classIndex}
              data-set={p.set}
              data-color={classColor(p.classIndex)}
              onMouseEnter={() => onHover(p.id)}
            >
              <Marker
                set={p.set}
                x={sx(p[coordinate][0])}
                y={SIZE - sy(p[coordinate][1])}
                color={classColor(p.classIndex)}
                highlighted={p.id === hoveredId}
              />
            </g>
          ))}
          {classCentres(points, coordinate).map((c) => (
            <text
              key={c.classIndex}
              className="map-class-number"
              x={sx(c.x)}
              y={SIZE - sy(c.y)}
              textAnchor="middle"
              dominantBaseline="central"
              aria-hidden="true"
            >
              {c.classIndex + 1}
            </text>
          ))}
        </svg>
        {hovered && (
          <div
            className="map-tooltip"
            data-testid="map-tooltip"
            style={tooltipPosition(sx(hovered[coordinate][0]) / SIZE, (SIZE - sy(hovered[coordinate][1])) / SIZE)}
          >
            <ImageThumb id={hovered.id} size={64} />
            <span>
              {labels[hovered.classIndex] ?? t('map.className', { number: hovered.classIndex + 1 })} · {t(POINT_SET_KEYS[hovered.set])}
            </span>
          </div>
        )}
      </div>
    </figure>
  );
}
