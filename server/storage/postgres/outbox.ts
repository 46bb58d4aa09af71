import type pg from 'pg';
import type { AlertNotification } from '../../alerts/notification';
import type { OutboxStore } from '../outbox';
import { num } from './rows';

/** Adds notifications on `c` (a pool, or the alert store's transaction: postgres/alerts.ts). */
export async function addToOutbox(
  c: pg.ClientBase | pg.Pool,
  ns: readonly AlertNotification[],
): Promise<void> {
  if (ns.length === 0) return;
  await c.query(
    `INSERT INTO notification_outbox (id, kind, body, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
     ON CONFLICT (id, kind) DO NOTHING`,
    [ns.map((n) => n.id), ns.map((n) => n.kind), ns.map((n) => JSON.stringify(n)), ns.map((n) => n.at)],
  );
}

/** The notification outbox on PostgreSQL (schema v9), shared by the instances; one statement per call. */
export function createPgOutboxStore(pool: pg.Pool): OutboxStore {
  const parse = (body: unknown) => JSON.parse(body as string) as AlertNotification;
  return {
    add: (ns) => addToOutbox(pool, ns),
    async pending(limit) {
      const { rows } = await pool.query(
        `SELECT o.body, COALESCE(array_agg(d.channel_id) FILTER (WHERE d.channel_id IS NOT NULL), '{}') AS settled
         FROM (SELECT seq, id, kind, body FROM notification_outbox WHERE done_at IS NULL ORDER BY seq LIMIT $1) o
         LEFT JOIN notification_deliveries d ON d.id = o.id AND d.kind = o.kind
         GROUP BY o.seq, o.body ORDER BY o.seq`,
        [limit],
      );
      return rows.map((r) => ({ notification: parse(r.body), settled: r.settled as string[] }));
    },
    pendingCount: async () =>
      num(
        (await pool.query('SELECT COUNT(*) AS n FROM notification_outbox WHERE done_at IS NULL')).rows[0].n,
      ),
    async settle(id, kind, channelId, outcome, at) {
      await pool.query(
        `INSERT INTO notification_deliveries (id, kind, channel_id, outcome, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [id, kind, channelId, outcome, at],
      );
    },
    settled: async (id, kind, channelId) =>
      (
        await pool.query(
          'SELECT 1 FROM notification_deliveries WHERE id = $1 AND kind = $2 AND channel_id = $3',
          [id, kind, channelId],
        )
      ).rows.length > 0,
    async finish(id, kind, at) {
      await pool.query(
        'UPDATE notification_outbox SET done_at = $1 WHERE id = $2 AND kind = $3 AND done_at IS NULL',
        [at, id, kind],
      );
    },
    async trim(keep, before, at) {
      const { rows } = await pool.query(
        `UPDATE notification_outbox SET done_at = $3 WHERE done_at IS NULL AND (created_at < $2 OR seq <
           COALESCE((SELECT seq FROM notification_outbox WHERE done_at IS NULL ORDER BY seq DESC LIMIT 1 OFFSET $1 - 1), -1))
         RETURNING seq, body`,
        [Math.max(1, keep), before, at],
      );
      return rows.sort((a, b) => num(a.seq) - num(b.seq)).map((r) => parse(r.body));
    },
  };
}
