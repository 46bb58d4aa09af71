import type { Migration } from './migration';

export const v7: Migration = {
  version: 7,
  description: 'alert channels (Settings → Alerts) and each channel’s delivery log',
  sql: `
    -- Settings rows like pbx_connections; their secrets (Slack/Teams URLs, signing secret, SMTP
    -- password) are in the secrets table, sealed.
    CREATE TABLE alert_channels (
      id TEXT PRIMARY KEY,
      config TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    -- Every delivery attempt, the newest few hundred per channel (server/storage/channelLog.ts
    -- trims on insert). Holds what the receiver answered, never a secret.
    CREATE TABLE alert_channel_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      channel_id TEXT NOT NULL,
      at INTEGER NOT NULL,
      notification_id TEXT NOT NULL,
      notification_kind TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed', 'dropped')),
      status INTEGER,
      detail TEXT,
      ms INTEGER
    );
    CREATE INDEX alert_channel_log_channel ON alert_channel_log (channel_id, seq);
    -- "Was this (notification, kind) delivered on this channel already?": the idempotency check.
    CREATE INDEX alert_channel_log_delivered ON alert_channel_log (channel_id, notification_id, notification_kind)
      WHERE outcome = 'delivered';
  `,
};
