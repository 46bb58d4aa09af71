'use client';

import { useId, useRef } from 'react';
import type { SeriesPoint } from '../../lib/board/series';
import { TableWrap } from '../board/TableWrap';
import { formatDuration, formatPercent } from '../live/format';
import { niceTicks } from './scale';
import { useWidth } from './useWidth';

/**
 * A queue's day in 15-minute buckets: calls (offered / answered / abandoned) and service level & ASA.
 * Fed by a `series` prop (lib/board/series.ts). Plain SVG, no animation: recharts is not a dependency
 * of this project yet; the props stay the same when it is (see components/README.md).
 * Accessible: each chart is a figure with a caption, a summary for screen readers and its data as a
 * table under "Show data".
 */
export function QueueCharts({ series }: { series: readonly SeriesPoint[] }) {
  if (series.length === 0)
    return (
      <p className="notice" data-testid="charts-empty">
        No calls yet today: the charts start with the first call.
      </p>
    );
  return (
    <div className="charts">
      <VolumeChart series={series} />
      <ServiceChart series={series} />
    </div>
  );
}

const HEIGHT = 220;
const PAD = { top: 12, right: 48, bottom: 28, left: 44 };

function xLabels(series: readonly SeriesPoint[]): { i: number; label: string }[] {
  const every = series.length > 48 ? 8 : series.length > 24 ? 4 : series.length > 8 ? 2 : 1;
  return series.flatMap((p, i) => (i % every === 0 ? [{ i, label: p.label }] : []));
}

function VolumeChart({ series }: { series: readonly SeriesPoint[] }) {
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const id = useId();
  const max = Math.max(1, ...series.map((p) => p.offered));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const band = plotW / series.length;
  const bar = Math.max(1, (band * 0.8) / 3);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const total = series.reduce(
    (t, p) => ({
      offered: t.offered + p.offered,
      answered: t.answered + p.answered,
      abandoned: t.abandoned + p.abandoned,
    }),
    { offered: 0, answered: 0, abandoned: 0 },
  );
  const keys = ['offered', 'answered', 'abandoned'] as const;
  return (
    <figure className="chart" data-testid="chart-volume" ref={ref}>
      <figcaption id={`${id}-cap`} className="chart-title">
        Calls per 15 minutes
        <Legend
          items={[
            { key: 'offered', label: 'Offered' },
            { key: 'answered', label: 'Answered' },
            { key: 'abandoned', label: 'Abandoned' },
          ]}
        />
      </figcaption>
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-labelledby={`${id}-cap`}
        aria-describedby={`${id}-sum`}
        className="chart-svg"
      >
        <title>Calls per 15 minutes</title>
        <desc id={`${id}-sum`}>
          {series[0]?.label} to {series[series.length - 1]?.label}: {total.offered} offered, {total.answered}{' '}
          answered, {total.abandoned} abandoned.
        </desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="chart-tick">
              {t}
            </text>
          </g>
        ))}
        {series.map((p, i) =>
          keys.map((k, j) =>
            p[k] > 0 ? (
              <rect
                key={`${p.bucket}-${k}`}
                x={PAD.left + i * band + band * 0.1 + j * bar}
                y={y(p[k])}
                width={bar}
                height={Math.max(0, y(0) - y(p[k]))}
                className={`series-${k}`}
              >
                <title>
                  {p.label} {k}: {p[k]}
                </title>
              </rect>
            ) : null,
          ),
        )}
        {xLabels(series).map(({ i, label }) => (
          <text
            key={i}
            x={PAD.left + i * band + band / 2}
            y={HEIGHT - 8}
            textAnchor="middle"
            className="chart-tick"
          >
            {label}
          </text>
        ))}
      </svg>
      <ChartData series={series} />
    </figure>
  );
}

function linePath(
  series: readonly SeriesPoint[],
  value: (p: SeriesPoint) => number | null,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  series.forEach((p, i) => {
    const v = value(p);
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

function ServiceChart({ series }: { series: readonly SeriesPoint[] }) {
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const id = useId();
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const band = plotW / series.length;
  const x = (i: number) => PAD.left + i * band + band / 2;
  const ySl = (v: number) => PAD.top + plotH - v * plotH;
  const asaTicks = niceTicks(Math.max(10, ...series.map((p) => p.asaSeconds ?? 0)));
  const asaTop = asaTicks[asaTicks.length - 1] ?? 10;
  const yAsa = (v: number) => PAD.top + plotH - (v / asaTop) * plotH;
  const points = (
    value: (p: SeriesPoint) => number | null,
    yf: (v: number) => number,
    cls: string,
    shape: 'circle' | 'square',
  ) =>
    series.map((p, i) => {
      const v = value(p);
      if (v === null) return null;
      return shape === 'circle' ? (
        <circle key={`${cls}-${p.bucket}`} cx={x(i)} cy={yf(v)} r={2.5} className={cls} />
      ) : (
        <rect
          key={`${cls}-${p.bucket}`}
          x={x(i) - 2.5}
          y={yf(v) - 2.5}
          width={5}
          height={5}
          className={cls}
        />
      );
    });
  const known = series.filter((p) => p.serviceLevel !== null);
  const last = known[known.length - 1];
  return (
    <figure className="chart" data-testid="chart-service" ref={ref}>
      <figcaption id={`${id}-cap`} className="chart-title">
        Service level and ASA per 15 minutes
        <Legend
          items={[
            { key: 'sl', label: 'Service level (left)' },
            { key: 'asa', label: 'ASA (right, dashed)' },
          ]}
        />
      </figcaption>
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-labelledby={`${id}-cap`}
        aria-describedby={`${id}-sum`}
        className="chart-svg"
      >
        <title>Service level and ASA per 15 minutes</title>
        <desc id={`${id}-sum`}>
          {last
            ? `Latest bucket with answers, ${last.label}: service level ${formatPercent(last.serviceLevel)}, ASA ${formatDuration(last.asaSeconds)}.`
            : 'No answered calls yet.'}
        </desc>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={ySl(t)} y2={ySl(t)} className="chart-grid" />
            <text x={PAD.left - 6} y={ySl(t)} dy="0.32em" textAnchor="end" className="chart-tick">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {asaTicks.map((t) => (
          <text key={t} x={width - PAD.right + 6} y={yAsa(t)} dy="0.32em" className="chart-tick">
            {t}s
          </text>
        ))}
        <path d={linePath(series, (p) => p.serviceLevel, x, ySl)} className="line-sl" />
        <path d={linePath(series, (p) => p.asaSeconds, x, yAsa)} className="line-asa" />
        {points((p) => p.serviceLevel, ySl, 'dot-sl', 'circle')}
        {points((p) => p.asaSeconds, yAsa, 'dot-asa', 'square')}
        {xLabels(series).map(({ i, label }) => (
          <text key={i} x={x(i)} y={HEIGHT - 8} textAnchor="middle" className="chart-tick">
            {label}
          </text>
        ))}
      </svg>
    </figure>
  );
}

function Legend({ items }: { items: { key: string; label: string }[] }) {
  return (
    <span className="chart-legend" aria-hidden="true">
      {items.map((it) => (
        <span key={it.key} className="legend-item">
          <span className={`legend-swatch swatch-${it.key}`} /> {it.label}
        </span>
      ))}
    </span>
  );
}

function ChartData({ series }: { series: readonly SeriesPoint[] }) {
  return (
    <details className="chart-data">
      <summary>Show data</summary>
      <TableWrap label="Chart data">
        <table>
          <caption className="sr-only">Calls, service level and ASA per 15 minutes</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col" className="num">
                Offered
              </th>
              <th scope="col" className="num">
                Answered
              </th>
              <th scope="col" className="num">
                Abandoned
              </th>
              <th scope="col" className="num">
                Service level
              </th>
              <th scope="col" className="num">
                ASA
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.bucket}>
                <th scope="row">{p.label}</th>
                <td className="num">{p.offered}</td>
                <td className="num">{p.answered}</td>
                <td className="num">{p.abandoned}</td>
                <td className="num">{formatPercent(p.serviceLevel)}</td>
                <td className="num">{formatDuration(p.asaSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </details>
  );
}
