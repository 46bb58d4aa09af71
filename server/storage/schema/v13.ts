import type { Migration } from './migration';

/**
 * The notification outbox (issues #18, #19; server/alerts/outbox/): every notification Callboard
 * decides to send is a row here before any channel is told (an alert's raise or clear in the same
 * transaction as the alert's own write), so a crash, a restart or a dead evaluator cannot lose it.
 * `done_at` NULL: still to be delivered. Per (notification, channel), the outcome once settled
 * (delivered or given up): what a restart skips, so a channel that had it is not told again.
 * Times are ms on the server's clock.
 */
export const v13: Migration = {
  version: 13,
  description: 'notification outbox and per-channel outcomes',
  sql: `
    CREATE TABLE notification_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL,
      kind TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      done_at INTEGER,
      UNIQUE (id, kind)
    );
    CREATE INDEX notification_outbox_pending ON notification_outbox (seq) WHERE done_at IS NULL;
    CREATE INDEX notification_outbox_done ON notification_outbox (done_at) WHERE done_at IS NOT NULL;

    CREATE TABLE notification_deliveries (
      id TEXT NOT NULL,
      kind TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'given up')),
      at INTEGER NOT NULL,
      PRIMARY KEY (id, kind, channel_id)
    ) WITHOUT ROWID;
  `,
};
