import type Database from 'better-sqlite3';
import type { ClosedDay } from '../../lib/domain/closedDay';
import { type Figures, ZERO } from '../../lib/domain/figures';

/**
 * History that outlives the journal: each closed day's figures per queue, per 15-minute bucket and per
 * day, as raw counters (sums and counts), so that any set of rows adds up into a longer period. A day
 * is written in one transaction that first deletes whatever that day had: closing a day twice, or a
 * recount, leaves exactly the rows of the last write (docs/decisions.md, "History").
 */

/** Figures fields in column order, with their SQL column names. */
export const FIGURE_COLUMNS: readonly (readonly [keyof Figures, string])[] = [
  ['offered', 'offered'],
  ['answered', 'answered'],
  ['abandoned', 'abandoned'],
  ['shortAbandoned', 'short_abandoned'],
  ['overflowed', 'overflowed'],
  ['callbacks', 'callbacks'],
  ['lostTrack', 'lost_track'],
  ['answeredWithinSla', 'answered_within_sla'],
  ['waited', 'waited'],
  ['waitMs', 'wait_ms'],
  ['handled', 'handled'],
  ['talkSeconds', 'talk_seconds'],
  ['holdSeconds', 'hold_seconds'],
  ['wrapSeconds', 'wrap_seconds'],
];
const COLUMNS = FIGURE_COLUMNS.map(([, c]) => c).join(', ');
const MARKS = FIGURE_COLUMNS.map(() => '?').join(', ');

export type HowClosed = 'live' | 'startup' | 'recount';

/** A stored row: one queue's figures over [start, start + one bucket or one day). */
export interface HistoryRow {
  readonly queue: string;
  readonly start: number;
  readonly day: string;
  readonly figures: Figures;
}

export interface HistoryStore {
  /** Replace `closed.day`'s history with these rows, in one transaction. */
  writeDay(closed: ClosedDay, how: HowClosed, at: number): void;
  /** Whether a day has been closed (its rows may be none: a day without calls). */
  isClosed(day: string): boolean;
  /** The closed days whose start lies in [from, to). */
  closedDays(from: number, to: number): string[];
  /** 15-minute rows with start in [from, to), for the given queues (all when undefined). */
  quarters(from: number, to: number, queues?: readonly string[]): HistoryRow[];
  /** Day rows with start in [from, to). */
  days(from: number, to: number, queues?: readonly string[]): HistoryRow[];
  /** Delete history of days that started before `before` (ms); the rows deleted per table. */
  prune(before: number): { quarters: number; days: number; closed: number };
}

type RawRow = [string, number, string, ...number[]];

function figuresOf(row: readonly unknown[], offset: number): Figures {
  const f: Record<string, number> = { ...ZERO };
  FIGURE_COLUMNS.forEach(([key], i) => {
    f[key] = Number(row[offset + i] ?? 0);
  });
  return f as unknown as Figures;
}

const valuesOf = (f: Figures) => FIGURE_COLUMNS.map(([key]) => f[key]);

export function createHistoryStore(db: Database.Database): HistoryStore {
  const insertQuarter = db.prepare(
    `INSERT INTO history_quarters (queue, bucket_start, day, ${COLUMNS}) VALUES (?, ?, ?, ${MARKS})`,
  );
  const insertDay = db.prepare(
    `INSERT INTO history_days (queue, day_start, day, ${COLUMNS}) VALUES (?, ?, ?, ${MARKS})`,
  );
  const deleteQuarters = db.prepare('DELETE FROM history_quarters WHERE day = ?');
  const deleteDays = db.prepare('DELETE FROM history_days WHERE day = ?');
  const markClosed = db.prepare(
    `INSERT INTO history_closed (day, day_start, day_end, closed_at, how) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (day) DO UPDATE SET day_start = excluded.day_start, day_end = excluded.day_end,
       closed_at = excluded.closed_at, how = excluded.how`,
  );
  const closedOne = db.prepare('SELECT 1 FROM history_closed WHERE day = ?').pluck();
  const closedIn = db
    .prepare('SELECT day FROM history_closed WHERE day_start >= ? AND day_start < ? ORDER BY day_start')
    .pluck();

  const writeAll = db.transaction((closed: ClosedDay, how: HowClosed, at: number) => {
    deleteQuarters.run(closed.day);
    deleteDays.run(closed.day);
    for (const q of closed.queues) {
      insertDay.run(q.queue, closed.start, closed.day, ...valuesOf(q.today));
      for (const [start, f] of q.buckets) insertQuarter.run(q.queue, start, closed.day, ...valuesOf(f));
    }
    markClosed.run(closed.day, closed.start, closed.end, at, how);
  });

  /** A range read over one table, all queues or a list (one index walk per queue). */
  function reader(table: string, startColumn: string) {
    const all = db
      .prepare(
        `SELECT queue, ${startColumn}, day, ${COLUMNS} FROM ${table}
         WHERE ${startColumn} >= ? AND ${startColumn} < ? ORDER BY ${startColumn}, queue`,
      )
      .raw();
    const one = db
      .prepare(
        `SELECT queue, ${startColumn}, day, ${COLUMNS} FROM ${table}
         WHERE queue = ? AND ${startColumn} >= ? AND ${startColumn} < ? ORDER BY ${startColumn}`,
      )
      .raw();
    const toRow = (r: RawRow): HistoryRow => ({
      queue: r[0],
      start: r[1],
      day: r[2],
      figures: figuresOf(r, 3),
    });
    return (from: number, to: number, queues?: readonly string[]): HistoryRow[] =>
      queues === undefined
        ? (all.all(from, to) as RawRow[]).map(toRow)
        : queues.flatMap((q) => (one.all(q, from, to) as RawRow[]).map(toRow));
  }
  const pruneQuarters = db.prepare(
    'DELETE FROM history_quarters WHERE day IN (SELECT day FROM history_closed WHERE day_start < ?)',
  );
  const pruneDays = db.prepare('DELETE FROM history_days WHERE day_start < ?');
  const pruneClosed = db.prepare('DELETE FROM history_closed WHERE day_start < ?');
  const pruneAll = db.transaction((before: number) => ({
    quarters: pruneQuarters.run(before).changes,
    days: pruneDays.run(before).changes,
    closed: pruneClosed.run(before).changes,
  }));

  return {
    writeDay: (closed, how, at) => writeAll(closed, how, at),
    isClosed: (day) => closedOne.get(day) !== undefined,
    closedDays: (from, to) => closedIn.all(from, to) as string[],
    quarters: reader('history_quarters', 'bucket_start'),
    days: reader('history_days', 'day_start'),
    prune: (before) => pruneAll(before),
  };
}
