// A uPlot chart in a <figure>: the canvas is described for screen readers by `summary`, and the
// legend is ours (symbol + dash pattern + words), so a series is never told apart by colour alone.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  dash?: number[];
  bars?: boolean;
}

export function Chart({
  title,
  summary,
  x,
  ys,
  series,
  time,
  xLabels,
  yFormat,
  testId,
}: {
  title: string;
  summary: string;
  x: number[];
  ys: Array<Array<number | null>>;
  series: ChartSeries[];
  /** x are unix seconds (time axis); otherwise indexes labelled by xLabels. */
  time: boolean;
  xLabels?: string[];
  yFormat?: (v: number) => string;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(280, el.clientWidth || 600);
    const bars = uPlot.paths.bars?.({ size: [0.6, 60] });
    const opts: uPlot.Options = {
      width,
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        // Categories (days, providers) sit on whole numbers with half a slot of room either side.
        x: time ? { time } : { time, range: (): uPlot.Range.MinMax => [-0.5, Math.max(0, x.length - 1) + 0.5] },
        y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.1)] },
      },
      axes: [
        {
          stroke: '#454c57',
          grid: { stroke: '#d5dbe3' },
          ...(time
            ? {}
            : {
                // At most ~8 labels, always on a category, never repeated.
                splits: () => x.filter((_, i) => i % Math.max(1, Math.ceil(x.length / 8)) === 0),
                values: (_u: uPlot, splits: number[]) => splits.map((s) => xLabels?.[s] ?? ''),
              }),
        },
        { stroke: '#454c57', grid: { stroke: '#d5dbe3' }, ...(yFormat ? { values: (_u: uPlot, splits: number[]) => splits.map(yFormat) } : {}) },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash,
          fill: s.bars ? s.color : undefined,
          paths: s.bars ? bars : undefined,
          points: { show: !s.bars },
          spanGaps: false,
        })),
      ],
    };
    const plot = new uPlot(opts, [x, ...ys] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > 0 && Math.abs(w - plot.width) > 4) plot.setSize({ width: w, height: 220 });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, ys, series, time, xLabels, yFormat]);

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={host} className="chart-canvas" role="img" aria-label={summary} />
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.label}>
            <span className="chart-swatch" style={{ borderColor: s.color, borderStyle: s.dash ? 'dashed' : 'solid', background: s.bars ? s.color : 'transparent' }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
