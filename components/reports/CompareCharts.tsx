'use client';

import { useId, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ReportInterval } from '../../lib/reports/intervals';
import { type ComparePoint, SUMMARY_KEYS, type SummaryKey } from '../../lib/reports/queueSeries';
import { useFormat } from '../board/Formats';
import { periodText } from './periodLabel';
import { SUMMARY_LABELS, summaryText } from './TotalsChange';

const HEIGHT = 200;
const MARGIN = { top: 8, right: 8, bottom: 4, left: 0 };
const AXIS = { stroke: 'var(--line)', tick: { fill: 'var(--muted)', fontSize: 11 } };
const COUNTS: readonly SummaryKey[] = ['offered', 'answered', 'abandoned'];

/**
 * One small chart per figure (offered, answered, abandoned as bars; service level, abandon rate, ASA,
 * AHT as lines), each period of the range beside the same place in the previous range: this range
 * solid, the previous one lighter (bars) or dashed (lines). No animation: a live range redraws every
 * minute. Each chart is a figure with a caption and a summary for screen readers.
 */
export function CompareCharts({
  points,
  interval,
  oneDay,
  nowLabel,
  beforeLabel,
}: {
  points: readonly ComparePoint[];
  interval: ReportInterval;
  oneDay: boolean;
  nowLabel: string;
  beforeLabel: string;
}) {
  const f = useFormat();
  const labelled = useMemo(
    () => points.map((p) => ({ ...p, text: periodText(p.label, interval, oneDay, f) })),
    [points, interval, oneDay, f],
  );
  if (points.length === 0)
    return (
      <p className="notice" data-testid="report-charts-empty">
        No calls in this range or the one before: nothing to chart.
      </p>
    );
  return (
    <div className="report-charts" data-testid="report-charts">
      {SUMMARY_KEYS.map((key) => (
        <CompareChart
          key={key}
          figure={key}
          data={labelled.map((p) => ({
            label: p.text,
            current: p.current?.[key] ?? null,
            previous: p.previous?.[key] ?? null,
          }))}
          nowLabel={nowLabel}
          beforeLabel={beforeLabel}
          format={(v) => summaryText(f, key, v)}
        />
      ))}
    </div>
  );
}

function CompareChart({
  figure,
  data,
  nowLabel,
  beforeLabel,
  format,
}: {
  figure: SummaryKey;
  data: { label: string; current: number | null; previous: number | null }[];
  nowLabel: string;
  beforeLabel: string;
  format: (v: number | null) => string;
}) {
  const id = useId();
  const bars = COUNTS.includes(figure);
  const ratio = figure === 'serviceLevel' || figure === 'abandonRate';
  const sum = (k: 'current' | 'previous') => data.reduce((n, d) => n + (d[k] ?? 0), 0);
  const summary = bars
    ? `${nowLabel}: ${format(sum('current'))}; ${beforeLabel}: ${format(sum('previous'))}.`
    : `${data.length} periods, ${nowLabel} against ${beforeLabel}.`;
  // Counts as counts, shares as percentages, durations as m:ss: the axis speaks the figure's unit.
  const yAxis = ratio ? (
    <YAxis domain={[0, 1]} tickFormatter={(v: number) => format(v)} width={52} {...AXIS} />
  ) : bars ? (
    <YAxis allowDecimals={false} width={44} {...AXIS} />
  ) : (
    <YAxis allowDecimals={false} tickFormatter={(v: number) => format(v)} width={52} {...AXIS} />
  );
  const tooltip = (
    <Tooltip
      formatter={(v, name) => [
        format(typeof v === 'number' ? v : null),
        name === 'current' ? nowLabel : beforeLabel,
      ]}
      contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)' }}
    />
  );
  return (
    <figure className="chart report-chart" data-testid={`report-chart-${figure}`}>
      <figcaption id={`${id}-cap`} className="chart-title">
        {SUMMARY_LABELS[figure]}
        <span className="chart-legend" aria-hidden="true">
          <span className="legend-item">
            <span className="legend-swatch swatch-now" /> {nowLabel}
          </span>
          <span className="legend-item">
            <span className="legend-swatch swatch-before" /> {beforeLabel}
          </span>
        </span>
      </figcaption>
      <p id={`${id}-sum`} className="sr-only">
        {summary}
      </p>
      <div role="img" aria-labelledby={`${id}-cap`} aria-describedby={`${id}-sum`} className="chart-svg">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          {bars ? (
            <BarChart data={data} margin={MARGIN} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke="var(--line)" />
              <XAxis dataKey="label" {...AXIS} minTickGap={16} />
              {yAxis}
              {tooltip}
              <Bar dataKey="current" fill="var(--series-offered)" isAnimationActive={false} />
              <Bar dataKey="previous" fill="var(--series-previous)" isAnimationActive={false} />
            </BarChart>
          ) : (
            <LineChart data={data} margin={MARGIN} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke="var(--line)" />
              <XAxis dataKey="label" {...AXIS} minTickGap={16} />
              {yAxis}
              {tooltip}
              <Line
                dataKey="current"
                stroke="var(--series-offered)"
                strokeWidth={2}
                dot={data.length < 40}
                connectNulls={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="previous"
                stroke="var(--series-previous)"
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
