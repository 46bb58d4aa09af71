import type { Migration } from './migration';

export const v8: Migration = {
  version: 8,
  description: 'floor messages (with who posted and who removed them) and each display health alert state',
  sql: `
    -- Messages to the floor (server/floor). Rows are kept after expiry or removal: they are the audit.
    CREATE TABLE floor_messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      text TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('info', 'warn', 'critical')),
      board_ids TEXT NOT NULL,
      posted_at INTEGER NOT NULL,
      posted_by TEXT NOT NULL,
      expires_at INTEGER,
      removed_at INTEGER,
      removed_by TEXT
    );
    CREATE INDEX floor_messages_posted_at ON floor_messages (posted_at);

    -- A display's outage as the fleet watch (server/fleet) tracks it, so a restart neither forgets an
    -- outage already told nor tells it again.
    CREATE TABLE display_health (
      display_id INTEGER PRIMARY KEY REFERENCES displays (id) ON DELETE CASCADE,
      down_since INTEGER,
      notified_at INTEGER
    );
  `,
};
