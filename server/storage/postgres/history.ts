import type pg from 'pg';
import type { ClosedDay } from '../../../lib/domain/closedDay';
import type { Figures } from '../../../lib/domain/figures';
import type { AsyncHistoryStore } from '../asyncHistory';
import { FIGURE_COLUMNS, type HistoryRow } from '../history';
import { createPgAgentHistory, jsonRows } from './historyAgents';
import { inTransaction, num } from './rows';

/**
 * History on PostgreSQL (issue #19): the AsyncHistoryStore of ../asyncHistory.ts, the same contract
 * as the SQLite file's (../contracts/historyContract.ts). Raw counters, never means; a day replaced
 * in one transaction with its hourly rollup (the rollup derived from the quarters just written, by
 * the same grouping as SQLite's v11) and its agent rows.
 *
 * Two writers of one day (a close and a recount on two instances) are serialized by the day's
 * history_closed row, upserted first: the second waits for the first's commit, then its deletes
 * (READ COMMITTED: each statement sees what committed before it) remove the first's rows, so the
 * day holds exactly one write's rows, never a mix or a key violation.
 *
 * Reads come as one JSON text per query (jsonRows, historyAgents.ts). Times and counters come back as
 * numbers (bigint arrives as text: rows.ts). Queues are ordered
 * COLLATE "C" (code points, as SQLite's BINARY), whatever the database's default collation.
 */
const COLUMNS = FIGURE_COLUMNS.map(([, c]) => c);
const COLUMN_LIST = COLUMNS.join(', ');
const SUMS = COLUMNS.map((c) => `sum(${c})`).join(', ');
/** unnest's arguments for the figures, from parameter $`first` on: one bigint[] per column. */
const figureArrays = (first: number) => COLUMNS.map((_, i) => `$${first + i}::bigint[]`).join(', ');

const HOUR_MS = 3600_000;

/** The 14 figures from a row read in array mode, at offset `o`. */
function figuresOf(r: readonly unknown[], o: number): Figures {
  return {
    offered: num(r[o]),
    answered: num(r[o + 1]),
    abandoned: num(r[o + 2]),
    shortAbandoned: num(r[o + 3]),
    overflowed: num(r[o + 4]),
    callbacks: num(r[o + 5]),
    lostTrack: num(r[o + 6]),
    answeredWithinSla: num(r[o + 7]),
    waited: num(r[o + 8]),
    waitMs: num(r[o + 9]),
    handled: num(r[o + 10]),
    talkSeconds: num(r[o + 11]),
    holdSeconds: num(r[o + 12]),
    wrapSeconds: num(r[o + 13]),
  };
}

/** Column-wise arrays of rows' figures (unnest's input). */
function figureColumns(rows: readonly Figures[]): number[][] {
  return FIGURE_COLUMNS.map(([key]) => rows.map((f) => f[key]));
}

export function createPgHistoryStore(pool: pg.Pool): AsyncHistoryStore {
  const agents = createPgAgentHistory(pool);

  async function writeDay(closed: ClosedDay, how: string, at: number): Promise<void> {
    const days = closed.queues;
    const quarters = closed.queues.flatMap((q) =>
      q.buckets.map(([start, f]) => ({ queue: q.queue, start, f })),
    );
    await inTransaction(pool, async (c) => {
      // First: the day's row lock, held to the commit (see above).
      await c.query(
        `INSERT INTO history_closed (day, day_start, day_end, closed_at, how) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (day) DO UPDATE SET day_start = excluded.day_start, day_end = excluded.day_end,
           closed_at = excluded.closed_at, how = excluded.how`,
        [closed.day, closed.start, closed.end, at, how],
      );
      for (const table of ['history_quarters', 'history_days', 'history_hours'])
        await c.query(`DELETE FROM ${table} WHERE day = $1`, [closed.day]);
      if (days.length > 0)
        await c.query(
          `INSERT INTO history_days (queue, day_start, day, ${COLUMN_LIST})
           SELECT q, $2, $3, ${COLUMN_LIST} FROM unnest($1::text[], ${figureArrays(4)}) AS t(q, ${COLUMN_LIST})`,
          [days.map((q) => q.queue), closed.start, closed.day, ...figureColumns(days.map((q) => q.today))],
        );
      if (quarters.length > 0)
        await c.query(
          `INSERT INTO history_quarters (queue, bucket_start, day, ${COLUMN_LIST})
           SELECT q, s, $3, ${COLUMN_LIST}
             FROM unnest($1::text[], $2::bigint[], ${figureArrays(4)}) AS t(q, s, ${COLUMN_LIST})`,
          [
            quarters.map((r) => r.queue),
            quarters.map((r) => r.start),
            closed.day,
            ...figureColumns(quarters.map((r) => r.f)),
          ],
        );
      // The same grouping as SQLite's v11, from the rows just written: the rollup is their sum.
      await c.query(
        `INSERT INTO history_hours (queue, hour_start, day, ${COLUMN_LIST})
         SELECT queue, bucket_start / ${HOUR_MS} * ${HOUR_MS}, day, ${SUMS} FROM history_quarters
          WHERE day = $1 GROUP BY queue, day, bucket_start / ${HOUR_MS}`,
        [closed.day],
      );
      await agents.replaceDay(c, closed);
    });
  }

  /** Rows of one table with start in [from, to), by queue (code points) then start. */
  function reader(table: string, startColumn: string) {
    return async (from: number, to: number, queues?: readonly string[]): Promise<HistoryRow[]> => {
      const rows = await jsonRows(
        pool,
        `SELECT coalesce(json_agg(json_build_array(queue, ${startColumn}, day, ${COLUMN_LIST})
                  ORDER BY queue COLLATE "C", ${startColumn}), '[]')::text AS rows
           FROM ${table}
          WHERE ${startColumn} >= $1 AND ${startColumn} < $2 ${queues ? 'AND queue = ANY($3)' : ''}`,
        queues ? [from, to, queues] : [from, to],
      );
      return rows.map((r) => ({
        queue: r[0] as string,
        start: num(r[1]),
        day: r[2] as string,
        figures: figuresOf(r, 3),
      }));
    };
  }
  const rolledHours = reader('history_hours', 'hour_start');

  return {
    writeDay,
    async isClosed(day) {
      const { rowCount } = await pool.query('SELECT 1 FROM history_closed WHERE day = $1', [day]);
      return (rowCount ?? 0) > 0;
    },
    async closedDays(from, to) {
      const { rows } = await pool.query<{ day: string }>(
        'SELECT day FROM history_closed WHERE day_start >= $1 AND day_start < $2 ORDER BY day_start',
        [from, to],
      );
      return rows.map((r) => r.day);
    },
    quarters: reader('history_quarters', 'bucket_start'),
    days: reader('history_days', 'day_start'),
    async hours(from, to, phase, queues) {
      // Whole UTC hours: every rollup row lies wholly inside or outside the range (../history.ts).
      if (phase === 0 && from % HOUR_MS === 0 && to % HOUR_MS === 0) return rolledHours(from, to, queues);
      const sums = COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ');
      const rows = await jsonRows(
        pool,
        `SELECT coalesce(json_agg(json_build_array(queue, hour, day, ${COLUMN_LIST})
                  ORDER BY queue COLLATE "C", hour), '[]')::text AS rows
           FROM (SELECT queue, (bucket_start + $3::bigint) / ${HOUR_MS} AS hour, min(day) AS day, ${sums}
                   FROM history_quarters
                  WHERE bucket_start >= $1 AND bucket_start < $2 ${queues ? 'AND queue = ANY($4)' : ''}
                  GROUP BY queue, hour) h`,
        queues ? [from, to, phase, queues] : [from, to, phase],
      );
      return rows.map((r) => ({
        queue: r[0] as string,
        start: num(r[1]) * HOUR_MS - phase,
        day: r[2] as string,
        figures: figuresOf(r, 3),
      }));
    },
    agentDays: agents.read,
    agentDayCount: agents.count,
    agentQuarters: agents.readQuarters,
    agentQuarterCount: agents.countQuarters,
    prune: (before) =>
      inTransaction(pool, async (c) => {
        // Before the closed marks go: they say which days' hours and quarters to delete.
        await c.query(
          'DELETE FROM history_hours WHERE day IN (SELECT day FROM history_closed WHERE day_start < $1)',
          [before],
        );
        const quarters = await c.query(
          'DELETE FROM history_quarters WHERE day IN (SELECT day FROM history_closed WHERE day_start < $1)',
          [before],
        );
        const days = await c.query('DELETE FROM history_days WHERE day_start < $1', [before]);
        const closed = await c.query('DELETE FROM history_closed WHERE day_start < $1', [before]);
        return {
          quarters: quarters.rowCount ?? 0,
          days: days.rowCount ?? 0,
          closed: closed.rowCount ?? 0,
          agents: await agents.prune(c, before),
        };
      }),
  };
}
