import type { Migration } from './migration';

/**
 * Quarter rows summed per queue and UTC hour, so an hour report reads one row where it read four.
 * The start of a UTC hour is a local hour's start in any whole-hour zone, the usual case; a report in
 * another zone, or over days that do not start on the hour, reads the quarters as before
 * (server/storage/history.ts). Written in the same transaction as the day's quarters, and derived from
 * them by this same grouping, so a recount replaces both at once. Days closed before this step are
 * filled here from their quarters.
 */
export const HOUR_ROLLUP_SELECT = `
  SELECT queue, bucket_start / 3600000 * 3600000, day,
    sum(offered), sum(answered), sum(abandoned), sum(short_abandoned), sum(overflowed), sum(callbacks),
    sum(lost_track), sum(answered_within_sla), sum(waited), sum(wait_ms), sum(handled),
    sum(talk_seconds), sum(hold_seconds), sum(wrap_seconds)
  FROM history_quarters`;

export const v11: Migration = {
  version: 11,
  description: 'history: quarters summed per queue and UTC hour (hour reports read a quarter of the rows)',
  sql: `
    CREATE TABLE history_hours (
      queue TEXT NOT NULL,
      hour_start INTEGER NOT NULL,
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
      -- The day too: a day that does not start on the hour shares its first and last hour with a neighbour.
      PRIMARY KEY (queue, hour_start, day)
    ) WITHOUT ROWID;
    CREATE INDEX history_hours_day ON history_hours (day);
    INSERT INTO history_hours ${HOUR_ROLLUP_SELECT} GROUP BY queue, day, bucket_start / 3600000;
  `,
};
