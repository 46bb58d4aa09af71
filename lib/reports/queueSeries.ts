import {
  abandonRate,
  addFigures,
  ahtSeconds,
  asaSeconds,
  type Figures,
  serviceLevel,
  ZERO,
} from '../domain/figures';
import type { ReportInterval } from './intervals';
import { type DayRange, daysIn, mondayOf } from './ranges';

/**
 * The queue report as the page draws it (pure): rows of `GET /api/v1/reports/queues` summed per
 * period across the chosen queues, totals, and each period set beside the same place in the previous
 * range. Raw counters are added first and ratios taken last (docs/metrics.md), as the API does.
 */

/** One row of the API's JSON (docs/api.md, "Reports"). */
export type QueueReportRow = Figures & {
  readonly period: string;
  readonly start: number;
  readonly queue: string;
  readonly serviceLevel: number | null;
  readonly abandonRate: number | null;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
};

export interface QueueReport {
  readonly from: string;
  readonly to: string;
  readonly interval: ReportInterval;
  readonly timezone: string;
  /** Days of the range still being closed after a restart (lib/reports/closing.ts); older servers: absent. */
  readonly closing?: readonly string[];
  readonly rows: readonly QueueReportRow[];
}

/** The figures shown for a period or a total: counts and the four ratios of their sums. */
export interface Summary {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly serviceLevel: number | null;
  readonly abandonRate: number | null;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
}
export const SUMMARY_KEYS = [
  'offered',
  'answered',
  'abandoned',
  'serviceLevel',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

const FIGURE_KEYS = Object.keys(ZERO) as (keyof Figures)[];

export function figuresOf(row: Figures): Figures {
  const out: Record<string, number> = {};
  for (const k of FIGURE_KEYS) out[k] = Number(row[k]) || 0;
  return out as unknown as Figures;
}

export function summaryOf(f: Figures): Summary {
  return {
    offered: f.offered,
    answered: f.answered,
    abandoned: f.abandoned,
    serviceLevel: serviceLevel(f),
    abandonRate: abandonRate(f),
    asaSeconds: asaSeconds(f),
    ahtSeconds: ahtSeconds(f),
  };
}

/** Every row added up: the range's totals. */
export function totalOf(rows: readonly QueueReportRow[]): Summary {
  return summaryOf(rows.reduce<Figures>((t, r) => addFigures(t, figuresOf(r)), ZERO));
}

/**
 * Where a period sits inside its range, so this week's Tuesday meets last week's Tuesday and today's
 * 09:00 meets yesterday's 09:00: the day's place in the range (or the week's, for weeks) and, below a
 * day, the local time. Read from the period's local text ("2026-03-29T03:00:00+02:00"), so a DST
 * change neither shifts the days nor the hours (a 02:00 that one day skips just meets nothing).
 */
export function placeOf(period: string, range: DayRange, interval: ReportInterval): string {
  const day = period.slice(0, 10);
  const time = period.slice(11, 16);
  switch (interval) {
    case 'week':
      return String(Math.round((daysIn({ from: mondayOf(range.from), to: day }) - 1) / 7));
    case 'day':
      return String(daysIn({ from: range.from, to: day }) - 1);
    default:
      return `${daysIn({ from: range.from, to: day }) - 1} ${time}`;
  }
}

/** One point of a comparison chart: this range's figures and the previous range's at the same place. */
export interface ComparePoint {
  readonly place: string;
  /** The current period's local start ("2026-12-07T09:00:00+01:00"), or the previous one's moved on when only it had calls. */
  readonly label: string;
  readonly current: Summary | null;
  readonly previous: Summary | null;
}

function byPeriod(rows: readonly QueueReportRow[], range: DayRange, interval: ReportInterval) {
  const sums = new Map<string, { period: string; figures: Figures }>();
  for (const r of rows) {
    const place = placeOf(r.period, range, interval);
    const had = sums.get(place);
    sums.set(place, {
      period: had?.period ?? r.period,
      figures: addFigures(had?.figures ?? ZERO, figuresOf(r)),
    });
  }
  return sums;
}

function placeOrder(a: string, b: string): number {
  const [ad = '', at = ''] = a.split(' ');
  const [bd = '', bt = ''] = b.split(' ');
  return Number(ad) - Number(bd) || (at < bt ? -1 : at > bt ? 1 : 0);
}

/**
 * Each period of `current` beside the same place in `previous`, in order; a place only one side had
 * calls in is there with null on the other side (no calls: no row, docs/api.md).
 */
export function comparePoints(
  current: { rows: readonly QueueReportRow[]; range: DayRange },
  previous: { rows: readonly QueueReportRow[]; range: DayRange } | null,
  interval: ReportInterval,
): ComparePoint[] {
  const now = byPeriod(current.rows, current.range, interval);
  const before = previous ? byPeriod(previous.rows, previous.range, interval) : new Map();
  const places = [...new Set([...now.keys(), ...before.keys()])].sort(placeOrder);
  return places.map((place) => {
    const c = now.get(place);
    const p = before.get(place);
    return {
      place,
      label: c?.period ?? p?.period ?? place,
      current: c ? summaryOf(c.figures) : null,
      previous: p ? summaryOf(p.figures) : null,
    };
  });
}

/** How a figure moved from the previous range: difference, and the relative change for counts. */
export interface Change {
  readonly delta: number | null;
  /** delta ÷ previous, for counts and durations; null for ratios (a change in points says it) or from 0. */
  readonly relative: number | null;
}

export function changeOf(key: SummaryKey, now: Summary, before: Summary): Change {
  const a = now[key];
  const b = before[key];
  if (a === null || b === null) return { delta: null, relative: null };
  const ratio = key === 'serviceLevel' || key === 'abandonRate';
  return { delta: a - b, relative: ratio || b === 0 ? null : (a - b) / b };
}
