import { closedDayOf } from '../../lib/domain/closedDay';
import {
  abandonRate,
  addFigures,
  ahtSeconds,
  asaSeconds,
  type Figures,
  serviceLevel,
} from '../../lib/domain/figures';
import type { DomainState, Settings } from '../../lib/domain/state';
import { type DayWindow, dayWindow } from '../../lib/domain/time';
import type { AsyncHistoryStore } from '../storage/asyncHistory';
import type { HistoryRow } from '../storage/history';
import { windowOfDay } from './dayClose';
import { hourPhaseOver, hourStartOf, type Interval, localIso, mondayOf } from './periods';

/**
 * The queue report: history's rows (and today's, live from the board's state) summed per period and
 * queue. Sums of raw counters first, ratios last, so an hour's ASA is its waits ÷ its answered, never
 * a mean of four quarter-hour means.
 */
export interface QueueReportRow {
  /** The period's start, local time with its UTC offset. */
  readonly period: string;
  /** The same instant, ms since epoch. */
  readonly start: number;
  readonly queue: string;
  readonly figures: Figures;
  readonly serviceLevel: number | null;
  readonly abandonRate: number | null;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
}

export interface QueueReportQuery {
  /** First and last day (labels, inclusive) under the current settings. */
  readonly from: DayWindow;
  readonly to: DayWindow;
  readonly interval: Interval;
  /** Queue keys, or every queue. */
  readonly queues: readonly string[] | 'all';
}

/** The days' windows for `from`..`to` ("YYYY-MM-DD"), or why not. */
export function dayRange(
  from: string,
  to: string,
  settings: Settings,
): { ok: true; from: DayWindow; to: DayWindow; days: number } | { ok: false; error: string } {
  const a = windowOfDay(from, settings);
  const b = windowOfDay(to, settings);
  if (!a) return { ok: false, error: `from: expected a day YYYY-MM-DD, got "${from}"` };
  if (!b) return { ok: false, error: `to: expected a day YYYY-MM-DD, got "${to}"` };
  if (b.start < a.start) return { ok: false, error: 'to is before from' };
  return { ok: true, from: a, to: b, days: Math.round((b.start - a.start) / 86_400_000) + 1 };
}

export async function queueReport(
  history: Pick<AsyncHistoryStore, 'quarters' | 'days' | 'hours'>,
  live: DomainState,
  q: QueueReportQuery,
): Promise<QueueReportRow[]> {
  const settings = live.settings;
  const tz = settings.timezone;
  const lo = q.from.start;
  const hi = q.to.end;
  const wanted = q.queues === 'all' ? undefined : q.queues;
  const quarters = q.interval === '15m' || q.interval === 'hour';
  const phase = q.interval === 'hour' ? hourPhaseOver(lo, hi, tz) : null;
  const rows: HistoryRow[] =
    phase !== null
      ? await history.hours(lo, hi, phase, wanted)
      : quarters
        ? await history.quarters(lo, hi, wanted)
        : await history.days(lo, hi, wanted);

  // Today, live: the same rows its close will write.
  if (live.day.start >= lo && live.day.start < hi) {
    const keep = wanted ? new Set(wanted) : null;
    for (const day of closedDayOf(live).queues) {
      if (keep && !keep.has(day.queue)) continue;
      if (quarters)
        for (const [start, figures] of day.buckets)
          rows.push({ queue: day.queue, start, day: live.day.day, figures });
      else rows.push({ queue: day.queue, start: live.day.start, day: live.day.day, figures: day.today });
    }
  }

  // Zone arithmetic once per distinct instant (a bucket start is shared by every queue's row).
  const weekStarts = new Map<string, number>();
  const hourStarts = new Map<number, number>();
  const periodOf = (r: HistoryRow): number => {
    switch (q.interval) {
      case '15m':
      case 'day':
        return r.start;
      case 'hour': {
        let start = hourStarts.get(r.start);
        if (start === undefined) {
          start = hourStartOf(r.start, tz);
          hourStarts.set(r.start, start);
        }
        return start;
      }
      case 'week': {
        // Per day label, not per row: 50 queues' rows share each day's.
        let start = weekStarts.get(r.day);
        if (start === undefined) {
          const monday = mondayOf(r.day);
          start = windowOfDay(monday, settings)?.start ?? dayWindow(r.start, tz, settings.dayStartsAt).start;
          weekStarts.set(r.day, start);
        }
        return start;
      }
    }
  };

  // Per queue, then per period: no string key built per row. Rows come grouped by queue.
  const sums = new Map<string, Map<number, Figures>>();
  let queueOfLast: string | null = null;
  let ofQueue = new Map<number, Figures>();
  const starts = new Set<number>();
  for (const r of rows) {
    if (r.queue !== queueOfLast) {
      queueOfLast = r.queue;
      const had = sums.get(r.queue);
      ofQueue = had ?? new Map();
      if (!had) sums.set(r.queue, ofQueue);
    }
    const start = periodOf(r);
    const had = ofQueue.get(start);
    if (had) ofQueue.set(start, addFigures(had, r.figures));
    else {
      ofQueue.set(start, r.figures);
      starts.add(start);
    }
  }
  // Out by period, then queue: the few distinct periods and queues are sorted, not every row.
  const queues = [...sums.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: QueueReportRow[] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    const period = localIso(start, tz);
    for (const queue of queues) {
      const figures = sums.get(queue)?.get(start);
      if (figures === undefined) continue;
      out.push({
        period,
        start,
        queue,
        figures,
        serviceLevel: serviceLevel(figures),
        abandonRate: abandonRate(figures),
        asaSeconds: asaSeconds(figures),
        ahtSeconds: ahtSeconds(figures),
      });
    }
  }
  return out;
}
