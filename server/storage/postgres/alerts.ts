import type pg from 'pg';
import { keepPeoplesPart, notOpen } from '../../../lib/alerts/actions';
import { type Alert, targetKey } from '../../../lib/alerts/evaluate';
import { fenceHolds, StaleEpochError } from '../../cluster/fence';
import type { AlertStore } from '../alerts';
import { addToOutbox } from './outbox';
import { inTransaction, num } from './rows';

/**
 * Board alerts on PostgreSQL (schema v5): the evaluator's ids, the alert whole as JSON text. The
 * target is kept as the JSON array [board, rule, queue]: the evaluator's key joins them with NUL,
 * which a PostgreSQL text cannot hold (the contract found it); `lastCleared` gives the key back.
 */
const targetText = (a: Alert) => JSON.stringify([a.boardId, a.ruleId, a.queue]);
const keyOf = (text: string) => {
  const [boardId, ruleId, queue] = JSON.parse(text) as [string, string, string | null];
  return targetKey(boardId, ruleId, queue);
};

export function createPgAlertStore(pool: pg.Pool): AlertStore {
  const parse = (r: { body: string }) => JSON.parse(r.body) as Alert;
  const write = (c: pg.ClientBase, a: Alert) =>
    c.query(
      `INSERT INTO alerts (id, board_id, target, state, raised_at, cleared_at, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, cleared_at = excluded.cleared_at, body = excluded.body`,
      [a.id, a.boardId, targetText(a), a.state, a.raisedAt, a.clearedAt, JSON.stringify(a)],
    );
  return {
    // The fence's FOR SHARE holds the lease row until COMMIT: no takeover slips in between the check
    // and the writes (server/cluster/fence.ts). Rows locked in id order, as `change` locks one.
    saveAll: (alerts, fence, notices = []) =>
      inTransaction(pool, async (c) => {
        if (fence && !(await fenceHolds(c, fence))) throw new StaleEpochError(fence);
        const { rows } = await c.query<{ body: string }>(
          'SELECT body FROM alerts WHERE id = ANY($1) ORDER BY id FOR UPDATE',
          [alerts.map((a) => a.id)],
        );
        const stored = new Map(rows.map((r) => [parse(r).id, parse(r)]));
        for (const a of alerts) {
          const before = stored.get(a.id);
          await write(c, before ? keepPeoplesPart(before, a) : a);
        }
        // The channels' news of these steps, committed with them (server/alerts/outbox/).
        await addToOutbox(c, notices);
      }),
    change: (id, action, noticeOf) =>
      inTransaction(pool, async (c) => {
        const { rows } = await c.query<{ body: string }>('SELECT body FROM alerts WHERE id = $1 FOR UPDATE', [
          id,
        ]);
        if (!rows[0]) return notOpen(id);
        const r = action(parse(rows[0]));
        if (!r.ok) return r;
        await write(c, r.alert);
        const n = noticeOf?.(r.alert);
        if (n) await addToOutbox(c, [n]);
        return r;
      }),
    // One UPDATE: concurrent reservations queue on the row and get disjoint blocks. GREATEST: above
    // any id written without the counter (an older Callboard during a rolling upgrade).
    reserveIds: async (count) =>
      num(
        (
          await pool.query(
            `UPDATE alert_ids SET next = GREATEST(next, (SELECT COALESCE(MAX(id), 0) + 1 FROM alerts)) + $1
             RETURNING next - $1 AS first`,
            [count],
          )
        ).rows[0].first,
      ),
    open: async () =>
      (await pool.query(`SELECT body FROM alerts WHERE state <> 'cleared' ORDER BY id`)).rows.map(parse),
    async lastCleared() {
      const { rows } = await pool.query(
        'SELECT target, MAX(cleared_at) AS at FROM alerts WHERE cleared_at IS NOT NULL GROUP BY target',
      );
      return new Map(rows.map((r) => [keyOf(r.target as string), num(r.at)]));
    },
    maxId: async () => num((await pool.query('SELECT COALESCE(MAX(id), 0) AS n FROM alerts')).rows[0].n),
    async get(id) {
      const { rows } = await pool.query('SELECT body FROM alerts WHERE id = $1', [id]);
      return rows[0] ? parse(rows[0]) : undefined;
    },
    async list(q) {
      const where: string[] = [];
      const args: unknown[] = [];
      const arg = (v: unknown) => {
        args.push(v);
        return `$${args.length}`;
      };
      if (q.boards !== undefined && q.boards !== 'all') {
        if (q.boards.length === 0) return [];
        where.push(`board_id = ANY(${arg([...q.boards])})`);
      }
      if (q.states && q.states.length > 0) where.push(`state = ANY(${arg([...q.states])})`);
      if (q.from !== undefined) where.push(`raised_at >= ${arg(q.from)}`);
      if (q.to !== undefined) where.push(`raised_at < ${arg(q.to)}`);
      if (q.before !== undefined) where.push(`id < ${arg(q.before)}`);
      const sql = `SELECT body FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                   ORDER BY id DESC LIMIT ${arg(q.limit)}`;
      return (await pool.query(sql, args)).rows.map(parse);
    },
    prune: async (before) =>
      (await pool.query(`DELETE FROM alerts WHERE state = 'cleared' AND cleared_at < $1`, [before]))
        .rowCount ?? 0,
  };
}
