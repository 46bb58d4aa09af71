import type { Migration } from './migration';

export const v9: Migration = {
  version: 9,
  description:
    'history per agent: each closed day per agent × queue (call counters) and per agent (state times)',
  sql: `
    -- Raw counters per agent and queue (lib/domain/agentDay.ts AgentQueueFigures): a report sums the
    -- queues it picks. One row per queue the agent was in that day, even with zero counters, so a
    -- queue filter finds the agents who were in it. missed NULL = unknown (no source could tell).
    -- Keyed by day first: a report reads a range of days, every agent of each.
    CREATE TABLE history_agent_queue_days (
      day_start INTEGER NOT NULL,
      agent TEXT NOT NULL,
      queue TEXT NOT NULL,
      day TEXT NOT NULL,
      answered INTEGER NOT NULL,
      handled INTEGER NOT NULL,
      talk_seconds INTEGER NOT NULL,
      hold_seconds INTEGER NOT NULL,
      wrap_seconds INTEGER NOT NULL,
      longest_talk_seconds INTEGER NOT NULL,
      missed INTEGER,
      PRIMARY KEY (day_start, agent, queue)
    ) WITHOUT ROWID;
    CREATE INDEX history_agent_queue_days_day ON history_agent_queue_days (day);

    -- The agent's own time per state that day (ms), whatever queues a report picks, and the name
    -- the agent had at the close.
    CREATE TABLE history_agent_days (
      day_start INTEGER NOT NULL,
      agent TEXT NOT NULL,
      day TEXT NOT NULL,
      name TEXT,
      ready_ms INTEGER NOT NULL,
      queue_call_ms INTEGER NOT NULL,
      other_call_ms INTEGER NOT NULL,
      wrap_up_ms INTEGER NOT NULL,
      not_ready_ms INTEGER NOT NULL,
      PRIMARY KEY (day_start, agent)
    ) WITHOUT ROWID;
    CREATE INDEX history_agent_days_day ON history_agent_days (day);
  `,
};
