import type Database from 'better-sqlite3';
import type { AlertNotification } from '../alerts/notification';

/**
 * The notification outbox (schema v13; server/alerts/outbox/ delivers from it): a notification is
 * stored here before any channel is told, and stays pending until every channel that takes it has
 * an outcome. The key is the channels' idempotency key, (notification id, kind). Finished rows go
 * with retention (./retention.ts, kept as long as the journal).
 */
export type OutboxOutcome = 'delivered' | 'given up';

export interface PendingNotification {
  readonly notification: AlertNotification;
  /** Channels that already have an outcome for it: not told again. */
  readonly settled: readonly string[];
}

export interface OutboxStore {
  /** Stores what is not stored yet (the same id and kind again: the stored row stays as it is). */
  add(notifications: readonly AlertNotification[]): Promise<void>;
  /** Still to be delivered, oldest first, at most `limit`. */
  pending(limit: number): Promise<PendingNotification[]>;
  /** Rows still to be delivered. */
  pendingCount(): Promise<number>;
  /** One channel's outcome for one notification; the first recorded stays. */
  settle(id: string, kind: string, channelId: string, outcome: OutboxOutcome, at: number): Promise<void>;
  /** Whether this channel has an outcome for the notification already. */
  settled(id: string, kind: string, channelId: string): Promise<boolean>;
  /** Every channel has its outcome (or none takes it): no longer pending. */
  finish(id: string, kind: string, at: number): Promise<void>;
  /**
   * The bound: pending rows created before `before`, and all but the newest `keep`, are finished
   * now (given up); returned, oldest first, so the caller can log them and say so in channel logs.
   */
  trim(keep: number, before: number, at: number): Promise<AlertNotification[]>;
}

/** The statement that adds one row; also run inside the alert store's transaction (alerts.ts). */
export const OUTBOX_INSERT = `INSERT INTO notification_outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (id, kind) DO NOTHING`;
export const outboxRow = (n: AlertNotification) => [n.id, n.kind, JSON.stringify(n), n.at] as const;

export function createOutboxStore(db: Database.Database): OutboxStore {
  const insert = db.prepare(OUTBOX_INSERT);
  const add = db.transaction((ns: readonly AlertNotification[]) => {
    for (const n of ns) insert.run(...outboxRow(n));
  });
  const pending = db
    .prepare('SELECT id, kind, body FROM notification_outbox WHERE done_at IS NULL ORDER BY seq LIMIT ?')
    .raw();
  const settledOf = db
    .prepare('SELECT channel_id FROM notification_deliveries WHERE id = ? AND kind = ?')
    .pluck();
  const count = db.prepare('SELECT COUNT(*) FROM notification_outbox WHERE done_at IS NULL').pluck();
  const settle = db.prepare(
    `INSERT INTO notification_deliveries (id, kind, channel_id, outcome, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const isSettled = db
    .prepare('SELECT 1 FROM notification_deliveries WHERE id = ? AND kind = ? AND channel_id = ?')
    .pluck();
  const finish = db.prepare(
    'UPDATE notification_outbox SET done_at = ? WHERE id = ? AND kind = ? AND done_at IS NULL',
  );
  const trimmed = db
    .prepare(
      `UPDATE notification_outbox SET done_at = @at WHERE done_at IS NULL AND (created_at < @before OR seq <
         COALESCE((SELECT seq FROM notification_outbox WHERE done_at IS NULL ORDER BY seq DESC LIMIT 1 OFFSET @keep - 1), -1))
       RETURNING seq, body`,
    )
    .raw();
  const parse = (body: unknown) => JSON.parse(body as string) as AlertNotification;

  // Async around synchronous statements: the interface is a network database's (./types.ts).
  return {
    add: async (ns) => void add(ns),
    pending: async (limit) =>
      (pending.all(limit) as [string, string, string][]).map(([id, kind, body]) => ({
        notification: parse(body),
        settled: settledOf.all(id, kind) as string[],
      })),
    pendingCount: async () => count.get() as number,
    settle: async (id, kind, channelId, outcome, at) => void settle.run(id, kind, channelId, outcome, at),
    settled: async (id, kind, channelId) => isSettled.get(id, kind, channelId) !== undefined,
    finish: async (id, kind, at) => void finish.run(at, id, kind),
    trim: async (keep, before, at) =>
      (trimmed.all({ keep: Math.max(1, keep), before, at }) as [number, string][])
        .sort((a, b) => a[0] - b[0])
        .map(([, body]) => parse(body)),
  };
}
