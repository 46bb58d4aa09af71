import type Database from 'better-sqlite3';
import type { Alert, AlertLife } from '../../lib/alerts/evaluate';
import { targetKey } from '../../lib/alerts/evaluate';

/** Filters of `GET /api/v1/alerts`: all optional; times are raised_at bounds, ms. */
export interface AlertQuery {
  readonly boards?: readonly string[] | 'all';
  readonly states?: readonly AlertLife[];
  readonly from?: number;
  readonly to?: number;
  readonly limit: number;
  /** Only alerts with an id below this (the next page). */
  readonly before?: number;
}

export interface AlertStore {
  /** Insert or replace alerts (their ids are the evaluator's), in one transaction. */
  saveAll(alerts: readonly Alert[]): Promise<void>;
  /** Open alerts (raised or acknowledged), in id order, and each target's latest clear: what a restart resumes. */
  open(): Promise<Alert[]>;
  lastCleared(): Promise<Map<string, number>>;
  /** The highest id ever given, 0 when none. */
  maxId(): Promise<number>;
  get(id: number): Promise<Alert | undefined>;
  /** Newest (highest id) first. */
  list(q: AlertQuery): Promise<Alert[]>;
  /** Delete cleared alerts cleared before `before`; rows deleted. */
  prune(before: number): Promise<number>;
}

export function createAlertStore(db: Database.Database): AlertStore {
  const upsert = db.prepare(
    `INSERT INTO alerts (id, board_id, target, state, raised_at, cleared_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, cleared_at = excluded.cleared_at, body = excluded.body`,
  );
  const openRows = db.prepare(`SELECT body FROM alerts WHERE state <> 'cleared' ORDER BY id`).pluck();
  const cleared = db
    .prepare(`SELECT target, MAX(cleared_at) FROM alerts WHERE cleared_at IS NOT NULL GROUP BY target`)
    .raw();
  const max = db.prepare('SELECT COALESCE(MAX(id), 0) FROM alerts').pluck();
  const one = db.prepare('SELECT body FROM alerts WHERE id = ?').pluck();
  const prune = db.prepare(`DELETE FROM alerts WHERE state = 'cleared' AND cleared_at < ?`);
  const parse = (body: unknown) => JSON.parse(body as string) as Alert;

  const saveAll = db.transaction((alerts: readonly Alert[]) => {
    for (const a of alerts)
      upsert.run(
        a.id,
        a.boardId,
        targetKey(a.boardId, a.ruleId, a.queue),
        a.state,
        a.raisedAt,
        a.clearedAt,
        JSON.stringify(a),
      );
  });
  // Async around synchronous statements: the interface is a network database's (./types.ts).
  return {
    saveAll: async (alerts) => void saveAll(alerts),
    open: async () => openRows.all().map(parse),
    lastCleared: async () => new Map(cleared.all() as [string, number][]),
    maxId: async () => max.get() as number,
    async get(id) {
      const body = one.get(id);
      return body === undefined ? undefined : parse(body);
    },
    async list(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.boards !== undefined && q.boards !== 'all') {
        if (q.boards.length === 0) return [];
        where.push(`board_id IN (${q.boards.map(() => '?').join(', ')})`);
        args.push(...q.boards);
      }
      if (q.states && q.states.length > 0) {
        where.push(`state IN (${q.states.map(() => '?').join(', ')})`);
        args.push(...q.states);
      }
      if (q.from !== undefined) {
        where.push('raised_at >= ?');
        args.push(q.from);
      }
      if (q.to !== undefined) {
        where.push('raised_at < ?');
        args.push(q.to);
      }
      if (q.before !== undefined) {
        where.push('id < ?');
        args.push(q.before);
      }
      const sql = `SELECT body FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return db
        .prepare(sql)
        .pluck()
        .all(...args, q.limit)
        .map(parse);
    },
    prune: async (before) => prune.run(before).changes,
  };
}
