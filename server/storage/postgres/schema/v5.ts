import type { Migration } from '../../schema/migration';

/**
 * The config-side tables v3 did not mirror yet (SQLite: ../../schema/v7.ts, v8.ts, v10.ts): alert
 * channels and their delivery log, floor messages, each display's outage, board alerts. Same columns
 * and meanings; times are ms since the epoch (bigint). And a dead letter's body becomes bytea (its
 * UTF-8 bytes): a webhook body may hold NUL, which a PostgreSQL text cannot (SQLite's TEXT can); the
 * totals' triggers count octet_length either way. Dead letters also get the writer's xid, as the
 * journal rows have it (postgres/sourceCounts.ts).
 */
export const v5: Migration = {
  version: 5,
  description:
    'alert channels and their log, floor messages, display health, alerts; dead letter bodies as bytes',
  sql: `
    ALTER TABLE dead_letters ALTER COLUMN body TYPE bytea USING convert_to(body, 'UTF8');
    -- The writing transaction, as the journal has it: today's per-source counts read new rows by it.
    ALTER TABLE dead_letters ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
    CREATE INDEX dead_letters_xid ON dead_letters (xid);

    CREATE TABLE alert_channels (id text PRIMARY KEY, config text NOT NULL, updated_at bigint NOT NULL);
    CREATE TABLE alert_channel_log (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      channel_id text NOT NULL,
      at bigint NOT NULL,
      notification_id text NOT NULL,
      notification_kind text NOT NULL,
      attempt integer NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed', 'dropped')),
      status integer,
      detail text,
      ms bigint
    );
    CREATE INDEX alert_channel_log_channel ON alert_channel_log (channel_id, seq);
    CREATE INDEX alert_channel_log_delivered ON alert_channel_log (channel_id, notification_id, notification_kind)
      WHERE outcome = 'delivered';

    -- Rows are kept after expiry or removal: they are the audit.
    CREATE TABLE floor_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      text text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('info', 'warn', 'critical')),
      board_ids text NOT NULL,
      posted_at bigint NOT NULL,
      posted_by text NOT NULL,
      expires_at bigint,
      removed_at bigint,
      removed_by text
    );
    CREATE INDEX floor_messages_posted_at ON floor_messages (posted_at);

    CREATE TABLE display_health (
      display_id bigint PRIMARY KEY REFERENCES displays (id) ON DELETE CASCADE,
      down_since bigint,
      notified_at bigint
    );

    -- ids are the evaluator's (server/alerts/engine.ts), not generated here.
    CREATE TABLE alerts (
      id bigint PRIMARY KEY,
      board_id text NOT NULL,
      target text NOT NULL,
      state text NOT NULL CHECK (state IN ('raised', 'acknowledged', 'cleared')),
      raised_at bigint NOT NULL,
      cleared_at bigint,
      body text NOT NULL
    );
    CREATE INDEX alerts_board_raised ON alerts (board_id, raised_at);
    CREATE INDEX alerts_raised ON alerts (raised_at);
    CREATE INDEX alerts_open ON alerts (state) WHERE state <> 'cleared';
    CREATE INDEX alerts_target_cleared ON alerts (target, cleared_at);
  `,
};
