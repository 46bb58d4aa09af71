import type Database from 'better-sqlite3';
import { type AlertAction, keepPeoplesPart, notOpen } from '../../lib/alerts/actions';
import type { Alert, AlertLife } from '../../lib/alerts/evaluate';
import { targetKey } from '../../lib/alerts/evaluate';
import type { AlertNotification } from '../alerts/notification';
import type { Fence } from '../cluster/fence';
import { OUTBOX_INSERT, outboxRow } from './outbox';

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
  /**
   * The evaluator's writes: insert alerts, or update them, in one transaction. On an alert already
   * stored, what people did (acknowledged, snoozed) stays the stored row's (lib/alerts/actions.ts
   * `keepPeoplesPart`): a person may have acted on another instance since the evaluator's copy.
   * `fence`: the evaluator's lease (server/alerts/evaluatorLease.ts); PostgreSQL refuses the whole
   * write with StaleEpochError once it no longer holds. SQLite, one process's own file, ignores it.
   * `notices`: what the channels are to be told of these steps, added to the notification outbox
   * (./outbox.ts) in the same transaction: stored together or not at all.
   */
  saveAll(
    alerts: readonly Alert[],
    fence?: Fence | null,
    notices?: readonly AlertNotification[],
  ): Promise<void>;
  /**
   * A person's action on one stored alert, read and written under the row's lock: an evaluator's
   * write of the same alert waits for it, then keeps it. 404 when there is no such open alert.
   * `notice`: what the channels are to be told of the changed alert (null: nothing), added to the
   * notification outbox in the same transaction.
   */
  change(
    id: number,
    action: (stored: Alert) => AlertAction,
    notice?: (changed: Alert) => AlertNotification | null,
  ): Promise<AlertAction>;
  /**
   * `count` consecutive ids never given before, by any instance: the first. Ids are given by the
   * store, never counted by an instance (server/alerts/alertIds.ts).
   */
  reserveIds(count: number): Promise<number>;
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

  const write = (a: Alert) =>
    upsert.run(
      a.id,
      a.boardId,
      targetKey(a.boardId, a.ruleId, a.queue),
      a.state,
      a.raisedAt,
      a.clearedAt,
      JSON.stringify(a),
    );
  const notice = db.prepare(OUTBOX_INSERT);
  const saveAll = db.transaction((alerts: readonly Alert[], notices: readonly AlertNotification[]) => {
    for (const a of alerts) {
      const stored = one.get(a.id);
      write(stored === undefined ? a : keepPeoplesPart(parse(stored), a));
    }
    for (const n of notices) notice.run(...outboxRow(n));
  });
  const change = db.transaction(
    (
      id: number,
      action: (stored: Alert) => AlertAction,
      noticeOf?: (a: Alert) => AlertNotification | null,
    ) => {
      const stored = one.get(id);
      if (stored === undefined) return notOpen(id);
      const r = action(parse(stored));
      if (!r.ok) return r;
      write(r.alert);
      const n = noticeOf?.(r.alert);
      if (n) notice.run(...outboxRow(n));
      return r;
    },
  );
  // One process owns this file: its counter starts above every stored id at the first reservation.
  let nextId: number | null = null;
  // Async around synchronous statements: the interface is a network database's (./types.ts).
  return {
    saveAll: async (alerts, _fence, notices = []) => void saveAll(alerts, notices),
    change: async (id, action, noticeOf) => change(id, action, noticeOf),
    async reserveIds(count) {
      const first = Math.max(nextId ?? 1, (max.get() as number) + 1);
      nextId = first + count;
      return first;
    },
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
