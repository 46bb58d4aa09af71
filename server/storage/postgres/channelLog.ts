import type pg from 'pg';
import type { DeliveryLogEntry } from '../../../lib/settings/alertChannels';
import { CHANNEL_LOG_KEEP, type ChannelLogStore } from '../channelLog';
import { inTransaction, numOrNull } from './rows';

const COLUMNS = 'at, notification_id, notification_kind, attempt, outcome, status, detail, ms';
const entryOf = (r: Record<string, unknown>) =>
  ({
    at: Number(r.at),
    notificationId: r.notification_id,
    notificationKind: r.notification_kind,
    attempt: r.attempt,
    outcome: r.outcome,
    status: r.status ?? null,
    detail: r.detail ?? null,
    ms: numOrNull(r.ms),
  }) as DeliveryLogEntry;

/** Each alert channel's delivery log on PostgreSQL (schema v5), the newest `keep` per channel. */
export function createPgChannelLog(pool: pg.Pool, keep = CHANNEL_LOG_KEEP): ChannelLogStore {
  return {
    append: (channelId, e) =>
      inTransaction(pool, async (c) => {
        await c.query(
          `INSERT INTO alert_channel_log
             (channel_id, at, notification_id, notification_kind, attempt, outcome, status, detail, ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            channelId,
            e.at,
            e.notificationId,
            e.notificationKind,
            e.attempt,
            e.outcome,
            e.status,
            e.detail,
            e.ms,
          ],
        );
        await c.query(
          `DELETE FROM alert_channel_log WHERE channel_id = $1 AND seq <= (
             SELECT seq FROM alert_channel_log WHERE channel_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)`,
          [channelId, keep],
        );
      }),
    list: async (channelId, limit) =>
      (
        await pool.query(
          `SELECT ${COLUMNS} FROM alert_channel_log WHERE channel_id = $1 ORDER BY seq DESC LIMIT $2`,
          [channelId, limit],
        )
      ).rows.map(entryOf),
    async lastError(channelId) {
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM alert_channel_log WHERE channel_id = $1 AND outcome IN ('failed', 'retrying')
         ORDER BY seq DESC LIMIT 1`,
        [channelId],
      );
      return rows[0] ? entryOf(rows[0]) : undefined;
    },
    delivered: async (channelId, id, kind) =>
      (
        await pool.query(
          `SELECT 1 FROM alert_channel_log WHERE channel_id = $1 AND notification_id = $2
           AND notification_kind = $3 AND outcome = 'delivered' LIMIT 1`,
          [channelId, id, kind],
        )
      ).rows.length > 0,
    async clear(channelId) {
      await pool.query('DELETE FROM alert_channel_log WHERE channel_id = $1', [channelId]);
    },
  };
}
