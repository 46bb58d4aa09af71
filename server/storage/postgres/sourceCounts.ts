import type pg from 'pg';
import type { SourceCountReader, SourceCounts } from '../sourceCounts';
import { num } from './rows';

/**
 * Today's deliveries per webhook source on PostgreSQL, as SQLite's (../sourceCounts.ts) but not by
 * "ids above the last one seen": ids commit out of order here. By the writer's transaction id
 * instead, as the tail reads the journal (tail.ts): every transaction below the horizon
 * `pg_snapshot_xmin(pg_current_snapshot())` has ended, and every later writer gets an xid at or above
 * it. So rows below the horizon are counted once and kept (each call adds those between the last
 * horizon and this one); rows at or above it (a few milliseconds of writes) are counted afresh each
 * call and not kept. Both counts and the horizon come from one snapshot; calls run one at a time.
 */
export function createPgSourceCounts(pool: pg.Pool): SourceCountReader {
  const accepted = tally('journal', "AND kind IN ('portsip-webhook', '3cx', 'voipstudio')");
  const rejected = tally('dead_letters', '');
  let turn: Promise<unknown> = Promise.resolve();

  async function count(fromMs: number): Promise<ReadonlyMap<string, SourceCounts>> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const horizon = (await c.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h')).rows[0].h;
      const a = await accepted(c, fromMs, horizon);
      const r = await rejected(c, fromMs, horizon);
      await c.query('COMMIT');
      const out = new Map<string, { accepted: number; rejected: number }>();
      const of = (source: string) => {
        let x = out.get(source);
        if (!x) {
          x = { accepted: 0, rejected: 0 };
          out.set(source, x);
        }
        return x;
      };
      for (const [source, n] of a) of(source).accepted = n;
      for (const [source, n] of r) of(source).rejected = n;
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  return {
    countsSince(fromMs) {
      const result = turn.then(() => count(fromMs));
      turn = result.catch(() => {});
      return result;
    },
  };
}

/** Per-source counts of one table since `fromMs`: the settled part kept, the rest counted per call. */
function tally(table: string, filter: string) {
  let from: number | null = null;
  let settledBelow = '0';
  let settled = new Map<string, number>();
  const grouped = async (c: pg.PoolClient, where: string, args: unknown[]) =>
    (
      await c.query(
        `SELECT source, count(*) AS n FROM ${table} WHERE ${where} AND received_at >= $1 ${filter} GROUP BY source`,
        args,
      )
    ).rows.map((r) => [r.source as string, num(r.n)] as const);

  return async (c: pg.PoolClient, fromMs: number, horizon: string): Promise<Map<string, number>> => {
    if (fromMs !== from) {
      from = fromMs;
      settledBelow = '0';
      settled = new Map();
    }
    const next = new Map(settled);
    for (const [source, n] of await grouped(c, 'xid >= $2::xid8 AND xid < $3::xid8', [
      fromMs,
      settledBelow,
      horizon,
    ]))
      next.set(source, (next.get(source) ?? 0) + n);
    // Kept only once the read succeeded (the caller commits right after).
    settled = next;
    settledBelow = horizon;
    const out = new Map(settled);
    for (const [source, n] of await grouped(c, 'xid >= $2::xid8', [fromMs, horizon]))
      out.set(source, (out.get(source) ?? 0) + n);
    return out;
  };
}
