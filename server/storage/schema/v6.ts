import type { Migration } from './migration';

export const v6: Migration = {
  version: 6,
  description: 'history: closed days per queue, per 15-minute bucket and per day, kept past the journal',
  sql: `
    -- Raw counters (lib/domain/figures.ts Figures), never means: any set of rows sums into a period.
    -- Keyed by queue and instant: a report reads one queue's range as one index walk.
    CREATE TABLE history_quarters (
      queue TEXT NOT NULL,
      bucket_start INTEGER NOT NULL,
      day TEXT NOT NULL,
      offered INTEGER NOT NULL,
      answered INTEGER NOT NULL,
      abandoned INTEGER NOT NULL,
      short_abandoned INTEGER NOT NULL,
      overflowed INTEGER NOT NULL,
      callbacks INTEGER NOT NULL,
      lost_track INTEGER NOT NULL,
      answered_within_sla INTEGER NOT NULL,
      waited INTEGER NOT NULL,
      wait_ms INTEGER NOT NULL,
      handled INTEGER NOT NULL,
      talk_seconds INTEGER NOT NULL,
      hold_seconds INTEGER NOT NULL,
      wrap_seconds INTEGER NOT NULL,
      PRIMARY KEY (queue, bucket_start)
    ) WITHOUT ROWID;
    CREATE INDEX history_quarters_day ON history_quarters (day);

    CREATE TABLE history_days (
      queue TEXT NOT NULL,
      day_start INTEGER NOT NULL,
      day TEXT NOT NULL,
      offered INTEGER NOT NULL,
      answered INTEGER NOT NULL,
      abandoned INTEGER NOT NULL,
      short_abandoned INTEGER NOT NULL,
      overflowed INTEGER NOT NULL,
      callbacks INTEGER NOT NULL,
      lost_track INTEGER NOT NULL,
      answered_within_sla INTEGER NOT NULL,
      waited INTEGER NOT NULL,
      wait_ms INTEGER NOT NULL,
      handled INTEGER NOT NULL,
      talk_seconds INTEGER NOT NULL,
      hold_seconds INTEGER NOT NULL,
      wrap_seconds INTEGER NOT NULL,
      PRIMARY KEY (queue, day_start)
    ) WITHOUT ROWID;
    CREATE INDEX history_days_day ON history_days (day);

    -- One row per closed day, even a day without calls: what the start-up close skips.
    CREATE TABLE history_closed (
      day TEXT PRIMARY KEY,
      day_start INTEGER NOT NULL,
      day_end INTEGER NOT NULL,
      closed_at INTEGER NOT NULL,
      how TEXT NOT NULL CHECK (how IN ('live', 'startup', 'recount'))
    ) WITHOUT ROWID;
    CREATE INDEX history_closed_day_start ON history_closed (day_start);
  `,
};
