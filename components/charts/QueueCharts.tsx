'use client';

import { useId, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  type DotItemDotProps,
  Line,
  LineChart,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { SeriesPoint } from '../../lib/board/series';
import { useFormat } from '../board/Formats';
import { TableWrap } from '../board/TableWrap';
import { formatDuration } from '../live/format';

/**
 * A queue's day in 15-minute buckets: calls (offered / answered / abandoned) and service level & ASA.
 * Fed by a `series` prop (lib/board/series.ts); drawn with recharts, animation off (live data).
 * Accessible: each chart is a figure with a caption, a summary for screen readers and its data as a
 * table under "Show data".
 */
export function QueueCharts({ series: raw }: { series: readonly SeriesPoint[] }) {
  // Bucket labels come as local "HH:MM"; shown in the board's clock format (Settings → General).
  const f = useFormat();
  const series = useMemo(() => raw.map((p) => ({ ...p, label: f.wallTime(p.label) })), [raw, f]);
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
const MARGIN = { top: 12, right: 8, bottom: 4, left: 0 };
const AXIS = { stroke: 'var(--line)', tick: { fill: 'var(--muted)', fontSize: 12 } };

/** Live data: no animation (a chart that re-animates on every patch is noise on a wallboard). */
function VolumeChart({ series }: { series: readonly SeriesPoint[] }) {
  const id = useId();
  const total = series.reduce(
    (t, p) => ({
      offered: t.offered + p.offered,
      answered: t.answered + p.answered,
      abandoned: t.abandoned + p.abandoned,
    }),
    { offered: 0, answered: 0, abandoned: 0 },
  );
  return (
    <figure className="chart" data-testid="chart-volume">
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
      <p id={`${id}-sum`} className="sr-only">
        {series[0]?.label} to {series[series.length - 1]?.label}: {total.offered} offered, {total.answered}{' '}
        answered, {total.abandoned} abandoned.
      </p>
      <div role="img" aria-labelledby={`${id}-cap`} aria-describedby={`${id}-sum`} className="chart-svg">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={[...series]} margin={MARGIN} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey="label" {...AXIS} minTickGap={16} />
            <YAxis allowDecimals={false} width={40} {...AXIS} />
            <Bar dataKey="offered" fill="var(--series-offered)" isAnimationActive={false} />
            <Bar dataKey="answered" fill="var(--series-answered)" isAnimationActive={false} />
            <Bar dataKey="abandoned" fill="var(--series-abandoned)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartData series={series} />
    </figure>
  );
}

function ServiceChart({ series }: { series: readonly SeriesPoint[] }) {
  const id = useId();
  const f = useFormat();
  const known = series.filter((p) => p.serviceLevel !== null);
  const last = known[known.length - 1];
  return (
    <figure className="chart" data-testid="chart-service">
      <figcaption id={`${id}-cap`} className="chart-title">
        Service level and ASA per 15 minutes
        <Legend
          items={[
            { key: 'sl', label: 'Service level (left)' },
            { key: 'asa', label: 'ASA (right, dashed)' },
          ]}
        />
      </figcaption>
      <p id={`${id}-sum`} className="sr-only">
        {last
          ? `Latest bucket with answers, ${last.label}: service level ${f.percent(last.serviceLevel)}, ASA ${formatDuration(last.asaSeconds)}.`
          : 'No answered calls yet.'}
      </p>
      <div role="img" aria-labelledby={`${id}-cap`} aria-describedby={`${id}-sum`} className="chart-svg">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={[...series]} margin={MARGIN} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey="label" {...AXIS} minTickGap={16} />
            <YAxis
              yAxisId="sl"
              domain={[0, 1]}
              tickFormatter={(v: number) => f.percent(v)}
              width={48}
              {...AXIS}
            />
            <YAxis yAxisId="asa" orientation="right" allowDecimals={false} unit=" s" width={48} {...AXIS} />
            <Line
              yAxisId="sl"
              dataKey="serviceLevel"
              stroke="var(--series-sl)"
              strokeWidth={2}
              dot={(p: DotItemDotProps) => <LoneDot {...p} series={series} field="serviceLevel" />}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="asa"
              dataKey="asaSeconds"
              stroke="var(--series-asa)"
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={(p: DotItemDotProps) => <LoneDot {...p} series={series} field="asaSeconds" />}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/**
 * A line joins a bucket to its neighbours; a bucket whose neighbours have no value (the first quarter
 * hour of the day, or one between quiet ones) has no segment, so it gets a dot or it would not show.
 */
function LoneDot({
  index,
  cx,
  cy,
  stroke,
  series,
  field,
}: DotItemDotProps & { series: readonly SeriesPoint[]; field: 'serviceLevel' | 'asaSeconds' }) {
  const known = (i: number) => series[i]?.[field] != null;
  if (!known(index) || known(index - 1) || known(index + 1) || cx == null || cy == null) return <g />;
  return <circle cx={cx} cy={cy} r={4} fill={stroke} stroke={stroke} data-series={field} data-lone="" />;
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
  const f = useFormat();
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
                <td className="num">{f.count(p.offered)}</td>
                <td className="num">{f.count(p.answered)}</td>
                <td className="num">{f.count(p.abandoned)}</td>
                <td className="num">{f.percent(p.serviceLevel)}</td>
                <td className="num">{formatDuration(p.asaSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </details>
  );
}
