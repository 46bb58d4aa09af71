import type { Migration } from './migration';

export const v5: Migration = {
  version: 5,
  description: 'restart checkpoints of the reduced state',
  sql: `
    -- The reduced state after journal row journal_id (server/checkpoints.ts). A row is written in one
    -- transaction, so it is whole or absent; the last two are kept. The columns beside the state say
    -- whether it may be used: the state's schema version, the settings it was reduced under (a hash)
    -- and the day it is of. journal_received_at: that row's, to tell it from a later row that took
    -- its id after retention emptied the journal. checksum: sha256 of state, against a damaged page.
    CREATE TABLE state_checkpoints (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      created_at INTEGER NOT NULL,
      journal_id INTEGER NOT NULL,
      journal_received_at INTEGER,
      schema_version INTEGER NOT NULL,
      settings_hash TEXT NOT NULL,
      day_start INTEGER NOT NULL,
      checksum TEXT NOT NULL,
      state BLOB NOT NULL
    );
  `,
};
