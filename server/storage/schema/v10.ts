import type { Migration } from './migration';

export const v10: Migration = {
  version: 10,
  description:
    'alerts: every alert raised by a board rule, open and past, with its life (lib/alerts/evaluate.ts)',
  sql: `
    -- One row per alert; body is the whole Alert (JSON), the columns what lists filter and sort by.
    -- An open alert (raised, acknowledged) is read back at start-up, so a restart neither loses it
    -- nor raises (and notifies) it again; the latest clear per target keeps the cooldown.
    CREATE TABLE alerts (
      id INTEGER PRIMARY KEY,
      board_id TEXT NOT NULL,
      target TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('raised', 'acknowledged', 'cleared')),
      raised_at INTEGER NOT NULL,
      cleared_at INTEGER,
      body TEXT NOT NULL
    );
    CREATE INDEX alerts_board_raised ON alerts (board_id, raised_at);
    CREATE INDEX alerts_raised ON alerts (raised_at);
    CREATE INDEX alerts_open ON alerts (state) WHERE state <> 'cleared';
    CREATE INDEX alerts_target_cleared ON alerts (target, cleared_at);
  `,
};
