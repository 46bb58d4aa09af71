import type { Migration } from '../../schema/migration';

/**
 * The notification outbox, shared by the instances (SQLite's twin: ../../schema/v13.ts). Any instance
 * may add a row (an acknowledgement, a display's outage); the one holding the alerts lease delivers.
 */
export const v9: Migration = {
  version: 9,
  description: 'notification outbox and per-channel outcomes',
  sql: `
    CREATE TABLE notification_outbox (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL,
      kind text NOT NULL,
      body text NOT NULL,
      created_at bigint NOT NULL,
      done_at bigint,
      UNIQUE (id, kind)
    );
    CREATE INDEX notification_outbox_pending ON notification_outbox (seq) WHERE done_at IS NULL;
    CREATE INDEX notification_outbox_done ON notification_outbox (done_at) WHERE done_at IS NOT NULL;

    CREATE TABLE notification_deliveries (
      id text NOT NULL,
      kind text NOT NULL,
      channel_id text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('delivered', 'given up')),
      at bigint NOT NULL,
      PRIMARY KEY (id, kind, channel_id)
    );
  `,
};
