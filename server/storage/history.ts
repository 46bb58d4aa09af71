import type Database from 'better-sqlite3';
import type { AgentQuarter } from '../../lib/domain/agentQuarters';
import type { ClosedDay } from '../../lib/domain/closedDay';
import type { Figures } from '../../lib/domain/figures';
import { type AgentHistoryRow, createAgentHistory } from './agentHistory';
import { HOUR_ROLLUP_SELECT } from './schema/v11';

/**
 * History that outlives the journal: each closed day's figures per queue, per 15-minute bucket and per
 * day, as raw counters (sums and counts), so that any set of rows adds up into a longer period. A day
 * is written in one transaction that first deletes whatever that day had: closing a day twice, or a
 * recount, leaves exactly the rows of the last write (docs/decisions.md, "History"). Its quarters are
 * also kept summed per UTC hour (schema v11), written in that same transaction.
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
const SUMS = FIGURE_COLUMNS.map(([, c]) => `sum(${c})`).join(', ');
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
  /** 15-minute rows with start in [from, to), by queue then start, for these queues (all when undefined). */
  quarters(from: number, to: number, queues?: readonly string[]): HistoryRow[];
  /**
   * Quarter rows summed per queue and local hour, for a range in which local hours start at
   * `phase` ms past each UTC hour (server/history/periods.ts hourPhaseOver): start = the hour's start.
   * Read from the hourly rollup when the hours are UTC hours (phase 0) and the range starts and ends on
   * one (then every rollup row lies wholly inside or outside it); summed from the quarters otherwise.
   * Either way one queue's hour may come as more than one row (from two days): callers sum per hour.
   */
  hours(from: number, to: number, phase: number, queues?: readonly string[]): HistoryRow[];
  /** Day rows with start in [from, to). */
  days(from: number, to: number, queues?: readonly string[]): HistoryRow[];
  /** Agent days (agentHistory.ts) with start in [from, to), by day then agent. */
  agentDays(from: number, to: number): AgentHistoryRow[];
  /** How many agent days start in [from, to), counted without reading them. */
  agentDayCount(from: number, to: number): number;
  /** Agent × queue quarters (agentHistory.ts) with bucket start in [from, to). */
  agentQuarters(from: number, to: number): AgentQuarter[];
  /** How many agent quarter rows start in [from, to), counted without reading them. */
  agentQuarterCount(from: number, to: number): number;
  /** Delete history of days that started before `before` (ms); the rows deleted per table. */
  prune(before: number): { quarters: number; days: number; closed: number; agents: number };
}

type RawRow = [string, number, string, ...number[]];
/** A row read for one queue: its start, its day, then the figures. */
type QueueRow = [number, string, ...number[]];

const HOUR_MS = 3600_000;

/** Written out (no loop over the column list): a report reads up to ~150,000 rows. */
function figuresOf(r: readonly number[], o: number): Figures {
  return {
    offered: r[o] as number,
    answered: r[o + 1] as number,
    abandoned: r[o + 2] as number,
    shortAbandoned: r[o + 3] as number,
    overflowed: r[o + 4] as number,
    callbacks: r[o + 5] as number,
    lostTrack: r[o + 6] as number,
    answeredWithinSla: r[o + 7] as number,
    waited: r[o + 8] as number,
    waitMs: r[o + 9] as number,
    handled: r[o + 10] as number,
    talkSeconds: r[o + 11] as number,
    holdSeconds: r[o + 12] as number,
    wrapSeconds: r[o + 13] as number,
  };
}

const valuesOf = (f: Figures) => FIGURE_COLUMNS.map(([key]) => f[key]);

export function createHistoryStore(db: Database.Database): HistoryStore {
  const agents = createAgentHistory(db);
  const insertQuarter = db.prepare(
    `INSERT INTO history_quarters (queue, bucket_start, day, ${COLUMNS}) VALUES (?, ?, ?, ${MARKS})`,
  );
  const insertDay = db.prepare(
    `INSERT INTO history_days (queue, day_start, day, ${COLUMNS}) VALUES (?, ?, ?, ${MARKS})`,
  );
  const deleteQuarters = db.prepare('DELETE FROM history_quarters WHERE day = ?');
  const deleteDays = db.prepare('DELETE FROM history_days WHERE day = ?');
  const deleteHours = db.prepare('DELETE FROM history_hours WHERE day = ?');
  const insertHours = db.prepare(
    `INSERT INTO history_hours ${HOUR_ROLLUP_SELECT} WHERE day = ? GROUP BY queue, bucket_start / 3600000`,
  );
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
    deleteHours.run(closed.day);
    for (const q of closed.queues) {
      insertDay.run(q.queue, closed.start, closed.day, ...valuesOf(q.today));
      for (const [start, f] of q.buckets) insertQuarter.run(q.queue, start, closed.day, ...valuesOf(f));
    }
    agents.replaceDay(closed);
    // The same grouping as schema v11's fill, from the rows just written: the rollup is their sum.
    insertHours.run(closed.day);
    markClosed.run(closed.day, closed.start, closed.end, at, how);
  });

  // Every queue with a day row near the range: a quarter's day starts at most a (25-hour) day before it.
  const queuesNear = db
    .prepare('SELECT DISTINCT queue FROM history_days WHERE day_start >= ? AND day_start < ?')
    .pluck();

  /**
   * A range read over one table, per queue: each is one walk of the (queue, start) key. All queues
   * are those with day rows near the range, so no read scans the whole table.
   */
  function reader(table: string, startColumn: string) {
    // A queue's rows as one JSON text built in SQLite, parsed at once: each value handed over one by
    // one cost more (a 15m report reads 33,600 rows × 16 values). Not the queue: it is the parameter.
    const one = db
      .prepare(
        `SELECT json_group_array(json_array(${startColumn}, day, ${COLUMNS})) FROM (
           SELECT * FROM ${table} WHERE queue = ? AND ${startColumn} >= ? AND ${startColumn} < ?
           ORDER BY ${startColumn})`,
      )
      .pluck();
    return (from: number, to: number, queues?: readonly string[]): HistoryRow[] => {
      const names = queues ?? (queuesNear.all(from - 26 * HOUR_MS, to) as string[]);
      const out: HistoryRow[] = [];
      for (const queue of names)
        for (const r of JSON.parse(one.get(queue, from, to) as string) as QueueRow[])
          out.push({ queue, start: r[0], day: r[1], figures: figuresOf(r as unknown as number[], 2) });
      return out;
    };
  }
  const rolledHours = reader('history_hours', 'hour_start');
  // In SQLite, per queue: one walk of its key, grouped as it goes (rows come in start order).
  const hourOfQueue = db
    .prepare(
      `SELECT queue, (bucket_start + CAST(? AS INTEGER)) / 3600000 AS hour, min(day), ${SUMS} FROM history_quarters
       WHERE queue = ? AND bucket_start >= ? AND bucket_start < ? GROUP BY hour`,
    )
    .raw();

  const pruneQuarters = db.prepare(
    'DELETE FROM history_quarters WHERE day IN (SELECT day FROM history_closed WHERE day_start < ?)',
  );
  const pruneDays = db.prepare('DELETE FROM history_days WHERE day_start < ?');
  const pruneHours = db.prepare(
    'DELETE FROM history_hours WHERE day IN (SELECT day FROM history_closed WHERE day_start < ?)',
  );
  const pruneClosed = db.prepare('DELETE FROM history_closed WHERE day_start < ?');
  const pruneAll = db.transaction((before: number) => {
    // Before the closed marks go: they say which days' hours and quarters to delete.
    pruneHours.run(before);
    return {
      quarters: pruneQuarters.run(before).changes,
      days: pruneDays.run(before).changes,
      closed: pruneClosed.run(before).changes,
      agents: agents.prune(before),
    };
  });

  return {
    writeDay: (closed, how, at) => writeAll(closed, how, at),
    isClosed: (day) => closedOne.get(day) !== undefined,
    closedDays: (from, to) => closedIn.all(from, to) as string[],
    quarters: reader('history_quarters', 'bucket_start'),
    days: reader('history_days', 'day_start'),
    hours(from, to, phase, queues) {
      if (phase === 0 && from % HOUR_MS === 0 && to % HOUR_MS === 0) return rolledHours(from, to, queues);
      const names = queues ?? (queuesNear.all(from - 26 * HOUR_MS, to) as string[]);
      return names.flatMap((q) =>
        (hourOfQueue.all(phase, q, from, to) as RawRow[]).map((r) => ({
          queue: r[0],
          start: r[1] * HOUR_MS - phase,
          day: r[2],
          figures: figuresOf(r as unknown as number[], 3),
        })),
      );
    },
    agentDays: (from, to) => agents.read(from, to),
    agentDayCount: (from, to) => agents.count(from, to),
    agentQuarters: (from, to) => agents.readQuarters(from, to),
    agentQuarterCount: (from, to) => agents.countQuarters(from, to),
    prune: (before) => pruneAll(before),
  };
}
