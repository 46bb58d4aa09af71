import type { Migration } from './migration';

export const v1: Migration = {
  version: 1,
  description: 'journal, raw payloads, dedupe keys, dead letters, quarter figures, boards',
  sql: `
    -- One row per arrival (one webhook body, one WSI frame batch). The id is the arrival order
    -- that replay follows; events is a JSON array of DomainEvent.
    CREATE TABLE journal (
      id INTEGER PRIMARY KEY,
      received_at INTEGER NOT NULL,
      source TEXT NOT NULL,
      kind TEXT NOT NULL,
      events TEXT NOT NULL
    );
    CREATE INDEX journal_received_at ON journal (received_at);

    -- Kept for fewer days than the journal; deleted with its journal row at the latest.
    CREATE TABLE raw_payloads (
      journal_id INTEGER PRIMARY KEY REFERENCES journal (id) ON DELETE CASCADE,
      received_at INTEGER NOT NULL,
      content_type TEXT NOT NULL,
      body TEXT NOT NULL
    );
    CREATE INDEX raw_payloads_received_at ON raw_payloads (received_at);

    CREATE TABLE dedupe_keys (
      key TEXT PRIMARY KEY,
      seen_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX dedupe_keys_seen_at ON dedupe_keys (seen_at);

    -- AUTOINCREMENT: an id an admin saw (in a link, a log line) never names another letter later,
    -- even after every letter has been pruned.
    CREATE TABLE dead_letters (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      source TEXT NOT NULL,
      kind TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      status INTEGER NOT NULL,
      reason TEXT NOT NULL,
      method TEXT NOT NULL,
      url TEXT NOT NULL,
      headers TEXT NOT NULL,
      content_type TEXT NOT NULL,
      body TEXT NOT NULL,
      replayed_at INTEGER,
      replay_result TEXT
    );
    CREATE INDEX dead_letters_source ON dead_letters (source, id);
    CREATE INDEX dead_letters_received_at ON dead_letters (received_at);

    CREATE TABLE quarter_figures (
      day TEXT NOT NULL,
      queue TEXT NOT NULL,
      bucket_start INTEGER NOT NULL,
      figures TEXT NOT NULL,
      PRIMARY KEY (day, queue, bucket_start)
    ) WITHOUT ROWID;
    CREATE INDEX quarter_figures_bucket_start ON quarter_figures (bucket_start);

    CREATE TABLE boards (
      id TEXT PRIMARY KEY,
      config TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};
