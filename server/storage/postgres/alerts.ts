import type pg from 'pg';
import { type Alert, targetKey } from '../../../lib/alerts/evaluate';
import type { AlertStore } from '../alerts';
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
  return {
    saveAll: (alerts) =>
      inTransaction(pool, async (c) => {
        for (const a of alerts)
          await c.query(
            `INSERT INTO alerts (id, board_id, target, state, raised_at, cleared_at, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET state = excluded.state, cleared_at = excluded.cleared_at, body = excluded.body`,
            [a.id, a.boardId, targetText(a), a.state, a.raisedAt, a.clearedAt, JSON.stringify(a)],
          );
      }),
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
