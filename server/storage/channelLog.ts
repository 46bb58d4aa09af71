import type Database from 'better-sqlite3';
import type { DeliveryLogEntry } from '../../lib/settings/alertChannels';

/**
 * Each alert channel's delivery log (Settings → Alerts): every attempt with its outcome, the newest
 * `keep` per channel. Trimmed on insert, so a receiver that fails all day costs a fixed number of rows.
 */
export interface ChannelLogStore {
  /** Appends and trims the channel's log to its newest `keep`, in one transaction. */
  append(channelId: string, entry: DeliveryLogEntry): Promise<void>;
  /** Newest first (append order), at most `limit`. */
  list(channelId: string, limit: number): Promise<DeliveryLogEntry[]>;
  /** The newest failed or retrying attempt: the list's "last error". */
  lastError(channelId: string): Promise<DeliveryLogEntry | undefined>;
  /** Whether this notification (id, kind) was delivered on this channel already: its idempotency key. */
  delivered(channelId: string, notificationId: string, notificationKind: string): Promise<boolean>;
  /** Forget a deleted channel's log. */
  clear(channelId: string): Promise<void>;
}

/** Rows kept per channel: about a day of a flapping alert's retries, a few hundred KiB at most. */
export const CHANNEL_LOG_KEEP = 200;

type Row = [number, string, string, number, string, number | null, string | null, number | null];

export function createChannelLog(db: Database.Database, keep = CHANNEL_LOG_KEEP): ChannelLogStore {
  const insert = db.prepare(
    `INSERT INTO alert_channel_log
       (channel_id, at, notification_id, notification_kind, attempt, outcome, status, detail, ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Everything older than the channel's `keep`-th newest row goes (one index range).
  const trim = db.prepare(
    `DELETE FROM alert_channel_log WHERE channel_id = @channel AND seq <= (
       SELECT seq FROM alert_channel_log WHERE channel_id = @channel ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
  );
  const COLUMNS = 'at, notification_id, notification_kind, attempt, outcome, status, detail, ms';
  const newest = db
    .prepare(`SELECT ${COLUMNS} FROM alert_channel_log WHERE channel_id = ? ORDER BY seq DESC LIMIT ?`)
    .raw();
  const newestError = db
    .prepare(
      `SELECT ${COLUMNS} FROM alert_channel_log WHERE channel_id = ? AND outcome IN ('failed', 'retrying')
       ORDER BY seq DESC LIMIT 1`,
    )
    .raw();
  const wasDelivered = db
    .prepare(
      `SELECT 1 FROM alert_channel_log WHERE channel_id = ? AND notification_id = ? AND notification_kind = ?
       AND outcome = 'delivered' LIMIT 1`,
    )
    .pluck();
  const remove = db.prepare('DELETE FROM alert_channel_log WHERE channel_id = ?');
  const append = db.transaction((channelId: string, e: DeliveryLogEntry) => {
    insert.run(
      channelId,
      e.at,
      e.notificationId,
      e.notificationKind,
      e.attempt,
      e.outcome,
      e.status,
      e.detail,
      e.ms,
    );
    trim.run({ channel: channelId, keep });
  });
  const entry = ([at, notificationId, notificationKind, attempt, outcome, status, detail, ms]: Row) =>
    ({
      at,
      notificationId,
      notificationKind,
      attempt,
      outcome,
      status,
      detail,
      ms,
    }) as DeliveryLogEntry;
  // Async around synchronous statements: the interface is a network database's (./types.ts).
  return {
    append: async (channelId, e) => append(channelId, e),
    list: async (channelId, limit) => (newest.all(channelId, limit) as Row[]).map(entry),
    async lastError(channelId) {
      const row = newestError.get(channelId) as Row | undefined;
      return row ? entry(row) : undefined;
    },
    delivered: async (channelId, id, kind) => wasDelivered.get(channelId, id, kind) !== undefined,
    clear: async (channelId) => {
      remove.run(channelId);
    },
  };
}
