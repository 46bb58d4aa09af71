import type { Migration } from '../../schema/migration';

/**
 * History's tables v3 did not mirror yet (SQLite: ../../schema/v9.ts, v11.ts, v12.ts): agent days,
 * agent × queue days and quarters, and the hourly rollup of the queue quarters. Same columns and
 * meanings; times are ms since the epoch (bigint). The text keys that reads sort by (agent, queue)
 * are COLLATE "C": code-point order, as SQLite's BINARY, whatever the database's default (a managed
 * database's en-US would put "Zed" after "annex"). No fill: v3's tables were never written before
 * this step (history was SQLite's until then).
 */
export const v6: Migration = {
  version: 6,
  description: 'history per agent (days, agent × queue days and quarters) and the hourly queue rollup',
  sql: `
    CREATE TABLE history_hours (
      queue text NOT NULL, hour_start bigint NOT NULL, day text NOT NULL,
      offered bigint NOT NULL, answered bigint NOT NULL, abandoned bigint NOT NULL,
      short_abandoned bigint NOT NULL, overflowed bigint NOT NULL, callbacks bigint NOT NULL,
      lost_track bigint NOT NULL, answered_within_sla bigint NOT NULL, waited bigint NOT NULL,
      wait_ms bigint NOT NULL, handled bigint NOT NULL, talk_seconds bigint NOT NULL,
      hold_seconds bigint NOT NULL, wrap_seconds bigint NOT NULL,
      -- The day too: a day that does not start on the hour shares its first and last hour with a neighbour.
      PRIMARY KEY (queue, hour_start, day)
    );
    CREATE INDEX history_hours_day ON history_hours (day);

    CREATE TABLE history_agent_queue_days (
      day_start bigint NOT NULL,
      agent text COLLATE "C" NOT NULL,
      queue text COLLATE "C" NOT NULL,
      day text NOT NULL,
      answered bigint NOT NULL, handled bigint NOT NULL, talk_seconds bigint NOT NULL,
      hold_seconds bigint NOT NULL, wrap_seconds bigint NOT NULL, longest_talk_seconds bigint NOT NULL,
      missed bigint,
      PRIMARY KEY (day_start, agent, queue)
    );
    CREATE INDEX history_agent_queue_days_day ON history_agent_queue_days (day);

    CREATE TABLE history_agent_days (
      day_start bigint NOT NULL,
      agent text COLLATE "C" NOT NULL,
      day text NOT NULL,
      name text,
      ready_ms bigint NOT NULL, queue_call_ms bigint NOT NULL, other_call_ms bigint NOT NULL,
      wrap_up_ms bigint NOT NULL, not_ready_ms bigint NOT NULL,
      PRIMARY KEY (day_start, agent)
    );
    CREATE INDEX history_agent_days_day ON history_agent_days (day);

    CREATE TABLE history_agent_queue_quarters (
      bucket_start bigint NOT NULL,
      agent text COLLATE "C" NOT NULL,
      queue text COLLATE "C" NOT NULL,
      day text NOT NULL,
      day_start bigint NOT NULL,
      answered bigint NOT NULL, handled bigint NOT NULL, talk_seconds bigint NOT NULL,
      hold_seconds bigint NOT NULL, wrap_seconds bigint NOT NULL, longest_talk_seconds bigint NOT NULL,
      missed bigint,
      PRIMARY KEY (bucket_start, agent, queue)
    );
    CREATE INDEX history_agent_queue_quarters_day ON history_agent_queue_quarters (day);
    CREATE INDEX history_agent_queue_quarters_day_start ON history_agent_queue_quarters (day_start);

    -- A report without a queue filter reads a range of instants over every queue: one index walk.
    CREATE INDEX history_quarters_start ON history_quarters (bucket_start);
    CREATE INDEX history_days_start ON history_days (day_start);
    CREATE INDEX history_hours_start ON history_hours (hour_start);
  `,
};
