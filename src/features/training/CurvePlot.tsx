import { memo, useMemo, useState, type PointerEvent } from 'react';

/**
 * A small SVG line plot for the live learning curves. It redraws as each epoch arrives, which
 * can be every 20 ms, so it is deliberately plain: a few <path>s whose geometry is computed in
 * one pass, no layout measuring, no animation, no chart library. (A recharts pair redrawn per
 * epoch cost 100-500 ms of main-thread time per epoch on a busy 2-core machine, enough to make
 * the page stutter and to slow the worker that shares the CPU.)
 */

export interface CurveSeries {
  name: string;
  color: string;
  /** One value per epoch (epoch = index + 1); null where there is none (no validation set). */
  values: (number | null)[];
}

export interface CurvePlotProps {
  title: string;
  testId: string;
  series: CurveSeries[];
  totalEpochs: number;
  /** The y range; 'auto' on top stretches to the largest value. */
  domain: [number, number | 'auto'];
  format: (value: number) => string;
}

const WIDTH = 360;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 12, bottom: 28, left: 40 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

/** About `count` round tick values covering [low, high]. */
export function niceTicks(low: number, high: number, count = 4): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step) ticks.push(Math.round(value / step) * step);
  return ticks;
}

/** Integer epochs for the x axis: 1, the end, and a few evenly spaced ones between. */
export function epochTicks(totalEpochs: number): number[] {
  const last = Math.max(totalEpochs, 2);
  const step = Math.max(1, Math.round(last / 5));
  const ticks = [1];
  for (let epoch = step; epoch < last; epoch += step) if (epoch > 1 && last - epoch >= step / 2) ticks.push(epoch);
  ticks.push(last);
  return ticks;
}

/** "M x y L x y ..." through the non-null values; a null breaks the line. */
export function linePath(values: (number | null)[], x: (epoch: number) => number, y: (value: number) => number): string {
  let path = '';
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(i + 1).toFixed(1)} ${y(value).toFixed(1)}`;
    drawing = true;
  });
  return path;
}

function CurvePlotImpl({ title, testId, series, totalEpochs, domain, format }: CurvePlotProps) {
  const [hoverEpoch, setHoverEpoch] = useState<number | null>(null);
  const points = series.reduce((max, s) => Math.max(max, s.values.length), 0);
  const geometry = useMemo(() => {
    const lastEpoch = Math.max(totalEpochs, 2);
    let top = domain[1] === 'auto' ? domain[0] : domain[1];
    if (domain[1] === 'auto') {
      for (const s of series) for (const value of s.values) if (value !== null && Number.isFinite(value)) top = Math.max(top, value);
      if (!(top > domain[0])) top = domain[0] + 1;
    }
    const x = (epoch: number) => MARGIN.left + ((epoch - 1) / (lastEpoch - 1)) * PLOT_WIDTH;
    const y = (value: number) => MARGIN.top + PLOT_HEIGHT - ((Math.min(value, top) - domain[0]) / (top - domain[0])) * PLOT_HEIGHT;
    return { x, y, yTicks: niceTicks(domain[0], top), xTicks: epochTicks(totalEpochs), lastEpoch, paths: series.map((s) => linePath(s.values, x, y)) };
  }, [series, totalEpochs, domain]);

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const plotX = ((event.clientX - box.left) / box.width) * WIDTH - MARGIN.left;
    const epoch = Math.round(1 + (plotX / PLOT_WIDTH) * (geometry.lastEpoch - 1));
    setHoverEpoch(epoch >= 1 && epoch <= points ? epoch : null);
  };

  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="curve-plot" role="img" aria-label={`${title} per epoch`} onPointerMove={onPointerMove} onPointerLeave={() => setHoverEpoch(null)}>
        {geometry.yTicks.map((tick) => (
          <g key={`y${tick}`}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={geometry.y(tick)} y2={geometry.y(tick)} className="curve-grid" />
            <text x={MARGIN.left - 4} y={geometry.y(tick)} className="curve-tick" textAnchor="end" dominantBaseline="middle">
              {format(tick)}
            </text>
          </g>
        ))}
        {geometry.xTicks.map((tick) => (
          <text key={`x${tick}`} x={geometry.x(tick)} y={HEIGHT - MARGIN.bottom + 14} className="curve-tick" textAnchor="middle">
            {tick}
          </text>
        ))}
        <text x={WIDTH - MARGIN.right} y={HEIGHT - 2} className="curve-tick" textAnchor="end">
          epoch
        </text>
        {series.map((s, i) => (
          <path key={s.name} d={geometry.paths[i]} stroke={s.color} className="curve-line" data-series={s.name} fill="none" />
        ))}
        {hoverEpoch !== null && (
          <g className="curve-hover" data-testid={`${testId}-hover`}>
            <line x1={geometry.x(hoverEpoch)} x2={geometry.x(hoverEpoch)} y1={MARGIN.top} y2={MARGIN.top + PLOT_HEIGHT} className="curve-grid" />
            <text x={MARGIN.left + 4} y={MARGIN.top + 10} className="curve-tick">
              {`epoch ${hoverEpoch}: ` +
                series
                  .map((s) => s.values[hoverEpoch - 1])
                  .map((value, i) => (value === null || value === undefined ? null : `${series[i].name} ${format(value)}`))
                  .filter(Boolean)
                  .join(', ')}
            </text>
          </g>
        )}
      </svg>
      <p className="curve-legend">
        {series.map((s) => (
          <span key={s.name}>
            <span className="curve-swatch" style={{ background: s.color }} /> {s.name}
          </span>
        ))}
      </p>
    </figure>
  );
}

export const CurvePlot = memo(CurvePlotImpl);
