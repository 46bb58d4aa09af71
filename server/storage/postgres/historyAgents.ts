import type pg from 'pg';
import type { AgentQueueFigures } from '../../../lib/domain/agentDay';
import type { AgentQuarter } from '../../../lib/domain/agentQuarters';
import type { ClosedDay } from '../../../lib/domain/closedDay';
import type { AgentHistoryRow } from '../agentHistory';
import { num, numOrNull } from './rows';

/**
 * History per agent on PostgreSQL (../agentHistory.ts's contract): agent days, agent × queue days
 * and quarters. Written and pruned inside the queue history's transactions (history.ts), on the
 * caller's client, so a day's queue rows and agent rows are always of the same close. The agent and
 * queue columns are COLLATE "C" (schema v6): reads come in code-point order, as SQLite's.
 */
export interface PgAgentHistory {
  replaceDay(c: pg.ClientBase, closed: ClosedDay): Promise<void>;
  prune(c: pg.ClientBase, before: number): Promise<number>;
  read(from: number, to: number): Promise<AgentHistoryRow[]>;
  count(from: number, to: number): Promise<number>;
  readQuarters(from: number, to: number): Promise<AgentQuarter[]>;
  countQuarters(from: number, to: number): Promise<number>;
}

const FIGURES = 'answered, handled, talk_seconds, hold_seconds, wrap_seconds, longest_talk_seconds';

/** The six call counters from a row read in array mode, at offset `o`. */
function figuresOf(r: readonly unknown[], o: number): AgentQueueFigures {
  return {
    answered: num(r[o]),
    handled: num(r[o + 1]),
    talkSeconds: num(r[o + 2]),
    holdSeconds: num(r[o + 3]),
    wrapSeconds: num(r[o + 4]),
    longestTalkSeconds: num(r[o + 5]),
  };
}

/** Column-wise arrays of the call counters (unnest's input). */
const figureColumns = (rows: readonly AgentQueueFigures[]) => [
  rows.map((f) => f.answered),
  rows.map((f) => f.handled),
  rows.map((f) => f.talkSeconds),
  rows.map((f) => f.holdSeconds),
  rows.map((f) => f.wrapSeconds),
  rows.map((f) => f.longestTalkSeconds),
];

/**
 * Rows as one JSON text built in PostgreSQL and parsed at once (`select` returns one row, one column
 * `rows`), as SQLite's history reader does: node-pg's parsing of each value (bigint as text, then a
 * number) cost three times as much for a month of quarters (npm run bench:history).
 */
export async function jsonRows(pool: pg.Pool, select: string, values: unknown[]): Promise<unknown[][]> {
  const { rows } = await pool.query<{ rows: string }>(select, values);
  return JSON.parse(rows[0]?.rows ?? '[]') as unknown[][];
}

export function createPgAgentHistory(pool: pg.Pool): PgAgentHistory {
  async function countIn(table: string, column: string, from: number, to: number): Promise<number> {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE ${column} >= $1 AND ${column} < $2`,
      [from, to],
    );
    return num(rows[0]?.n);
  }

  return {
    async replaceDay(c, closed) {
      for (const table of ['history_agent_queue_days', 'history_agent_days', 'history_agent_queue_quarters'])
        await c.query(`DELETE FROM ${table} WHERE day = $1`, [closed.day]);
      const quarters = closed.agentQuarters ?? [];
      if (quarters.length > 0)
        await c.query(
          `INSERT INTO history_agent_queue_quarters (bucket_start, agent, queue, day, day_start, ${FIGURES}, missed)
           SELECT s, a, q, $4, $5, f1, f2, f3, f4, f5, f6, m
             FROM unnest($1::bigint[], $2::text[], $3::text[], $6::bigint[], $7::bigint[], $8::bigint[],
                         $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
               AS t(s, a, q, f1, f2, f3, f4, f5, f6, m)`,
          [
            quarters.map((q) => q.start),
            quarters.map((q) => q.agent),
            quarters.map((q) => q.queue),
            closed.day,
            closed.start,
            ...figureColumns(quarters.map((q) => q.figures)),
            quarters.map((q) => q.missed),
          ],
        );
      const agents = closed.agents ?? [];
      if (agents.length === 0) return;
      await c.query(
        `INSERT INTO history_agent_days (day_start, agent, day, name, ready_ms, queue_call_ms, other_call_ms,
           wrap_up_ms, not_ready_ms)
         SELECT $1, a, $2, n, r, qc, oc, w, nr
           FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
             AS t(a, n, r, qc, oc, w, nr)`,
        [
          closed.start,
          closed.day,
          agents.map((a) => a.agent),
          agents.map((a) => a.name),
          agents.map((a) => a.stateMs.ready),
          agents.map((a) => a.stateMs.queueCall),
          agents.map((a) => a.stateMs.otherCall),
          agents.map((a) => a.stateMs.wrapUp),
          agents.map((a) => a.stateMs.notReady),
        ],
      );
      const queues = agents.flatMap((a) => a.queues.map((q) => ({ agent: a.agent, ...q })));
      if (queues.length === 0) return;
      await c.query(
        `INSERT INTO history_agent_queue_days (day_start, agent, queue, day, ${FIGURES}, missed)
         SELECT $1, a, q, $2, f1, f2, f3, f4, f5, f6, m
           FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
                       $9::bigint[], $10::bigint[], $11::bigint[])
             AS t(a, q, f1, f2, f3, f4, f5, f6, m)`,
        [
          closed.start,
          closed.day,
          queues.map((q) => q.agent),
          queues.map((q) => q.queue),
          ...figureColumns(queues.map((q) => q.figures)),
          queues.map((q) => q.missed),
        ],
      );
    },

    async read(from, to) {
      const [agents, queues] = await Promise.all([
        pool.query<unknown[]>({
          text: `SELECT day_start, agent, day, name, ready_ms, queue_call_ms, other_call_ms, wrap_up_ms, not_ready_ms
                   FROM history_agent_days WHERE day_start >= $1 AND day_start < $2 ORDER BY day_start, agent COLLATE "C"`,
          values: [from, to],
          rowMode: 'array',
        }),
        jsonRows(
          pool,
          `SELECT coalesce(json_agg(json_build_array(day_start, agent, queue, ${FIGURES}, missed)
                    ORDER BY day_start, agent COLLATE "C", queue COLLATE "C"), '[]')::text AS rows
             FROM history_agent_queue_days WHERE day_start >= $1 AND day_start < $2`,
          [from, to],
        ),
      ]);
      // Each agent day's queues, in queue order (the rows come so), by its (day_start, agent).
      const own = new Map<string, AgentHistoryRow['queues'][number][]>();
      for (const q of queues) {
        const key = `${num(q[0])}\u0000${q[1] as string}`;
        let list = own.get(key);
        if (!list) {
          list = [];
          own.set(key, list);
        }
        list.push({ queue: q[2] as string, figures: figuresOf(q, 3), missed: numOrNull(q[9]) });
      }
      return agents.rows.map((a) => {
        const start = num(a[0]);
        const agent = a[1] as string;
        return {
          day: a[2] as string,
          start,
          agent,
          name: a[3] as string | null,
          queues: own.get(`${start}\u0000${agent}`) ?? [],
          stateMs: {
            ready: num(a[4]),
            queueCall: num(a[5]),
            otherCall: num(a[6]),
            wrapUp: num(a[7]),
            notReady: num(a[8]),
          },
        };
      });
    },
    count: (from, to) => countIn('history_agent_days', 'day_start', from, to),

    async readQuarters(from, to) {
      const rows = await jsonRows(
        pool,
        `SELECT coalesce(json_agg(json_build_array(bucket_start, agent, queue, ${FIGURES}, missed)
                  ORDER BY bucket_start, agent COLLATE "C", queue COLLATE "C"), '[]')::text AS rows
           FROM history_agent_queue_quarters WHERE bucket_start >= $1 AND bucket_start < $2`,
        [from, to],
      );
      return rows.map((q) => ({
        start: num(q[0]),
        agent: q[1] as string,
        queue: q[2] as string,
        figures: figuresOf(q, 3),
        missed: numOrNull(q[9]),
      }));
    },
    countQuarters: (from, to) => countIn('history_agent_queue_quarters', 'bucket_start', from, to),

    async prune(c, before) {
      let n = 0;
      for (const table of ['history_agent_queue_days', 'history_agent_days', 'history_agent_queue_quarters'])
        n += (await c.query(`DELETE FROM ${table} WHERE day_start < $1`, [before])).rowCount ?? 0;
      return n;
    },
  };
}
