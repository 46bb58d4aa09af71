import type { Migration } from './migration';

export const v12: Migration = {
  version: 12,
  description: 'history per agent × queue per 15-minute bucket (call counters; state times stay per day)',
  sql: `
    -- The agent's calls of one queue in one 15-minute bucket (lib/domain/agentQuarters.ts): the same
    -- raw counters as history_agent_queue_days, bucketed as the queue's own quarters. Empty cells have
    -- no row. missed NULL = unknown. Keyed by bucket first: a report reads a range of buckets.
    CREATE TABLE history_agent_queue_quarters (
      bucket_start INTEGER NOT NULL,
      agent TEXT NOT NULL,
      queue TEXT NOT NULL,
      day TEXT NOT NULL,
      day_start INTEGER NOT NULL,
      answered INTEGER NOT NULL,
      handled INTEGER NOT NULL,
      talk_seconds INTEGER NOT NULL,
      hold_seconds INTEGER NOT NULL,
      wrap_seconds INTEGER NOT NULL,
      longest_talk_seconds INTEGER NOT NULL,
      missed INTEGER,
      PRIMARY KEY (bucket_start, agent, queue)
    ) WITHOUT ROWID;
    CREATE INDEX history_agent_queue_quarters_day ON history_agent_queue_quarters (day);
    CREATE INDEX history_agent_queue_quarters_day_start ON history_agent_queue_quarters (day_start);
  `,
};
