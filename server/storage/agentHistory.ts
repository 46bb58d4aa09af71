import type Database from 'better-sqlite3';
import type { AgentQueueFigures, AgentStateTime } from '../../lib/domain/agentDay';
import type { AgentQuarter } from '../../lib/domain/agentQuarters';
import type { ClosedDay } from '../../lib/domain/closedDay';

/**
 * History per agent (schema v9, quarters v12): each closed day's counters per agent × queue (per day
 * and per 15-minute bucket) and the agent's own state times. Written and pruned inside the queue history's transactions (history.ts), so a day's
 * queue rows and agent rows are always of the same close.
 */

/** One agent's stored day. */
export interface AgentHistoryRow {
  readonly day: string;
  /** The day's start, ms. */
  readonly start: number;
  readonly agent: string;
  readonly name: string | null;
  /** Per queue the agent was in that day; `missed` null = unknown. */
  readonly queues: readonly {
    readonly queue: string;
    readonly figures: AgentQueueFigures;
    readonly missed: number | null;
  }[];
  readonly stateMs: AgentStateTime;
}

export interface AgentHistory {
  /** Delete `day`'s agent rows and write `closed.agents` (call inside a transaction). */
  replaceDay(closed: ClosedDay): void;
  /** Agent × queue quarters (schema v12) with bucket start in [from, to), by bucket, agent, queue. */
  readQuarters(from: number, to: number): AgentQuarter[];
  /** How many quarter rows start in [from, to). */
  countQuarters(from: number, to: number): number;
  /** Agent days with start in [from, to), by day then agent. */
  read(from: number, to: number): AgentHistoryRow[];
  /** How many agent days start in [from, to): what `read` would return, counted without reading. */
  count(from: number, to: number): number;
  /** Delete agent days that started before `before` (call inside a transaction); rows deleted. */
  prune(before: number): number;
}

type QueueRaw = [number, string, string, number, number, number, number, number, number, number | null];
type AgentRaw = [number, string, string, string | null, number, number, number, number, number];

export function createAgentHistory(db: Database.Database): AgentHistory {
  const deleteQueues = db.prepare('DELETE FROM history_agent_queue_days WHERE day = ?');
  const deleteAgents = db.prepare('DELETE FROM history_agent_days WHERE day = ?');
  const insertQueue = db.prepare(
    `INSERT INTO history_agent_queue_days (day_start, agent, queue, day, answered, handled, talk_seconds,
       hold_seconds, wrap_seconds, longest_talk_seconds, missed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAgent = db.prepare(
    `INSERT INTO history_agent_days (day_start, agent, day, name, ready_ms, queue_call_ms, other_call_ms,
       wrap_up_ms, not_ready_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const queuesIn = db
    .prepare(
      `SELECT day_start, agent, queue, answered, handled, talk_seconds, hold_seconds, wrap_seconds,
         longest_talk_seconds, missed
       FROM history_agent_queue_days WHERE day_start >= ? AND day_start < ? ORDER BY day_start, agent, queue`,
    )
    .raw();
  const agentsIn = db
    .prepare(
      `SELECT day_start, agent, day, name, ready_ms, queue_call_ms, other_call_ms, wrap_up_ms, not_ready_ms
       FROM history_agent_days WHERE day_start >= ? AND day_start < ? ORDER BY day_start, agent`,
    )
    .raw();
  const countIn = db
    .prepare('SELECT count(*) FROM history_agent_days WHERE day_start >= ? AND day_start < ?')
    .pluck();
  const deleteQuarters = db.prepare('DELETE FROM history_agent_queue_quarters WHERE day = ?');
  const insertQuarter = db.prepare(
    `INSERT INTO history_agent_queue_quarters (bucket_start, agent, queue, day, day_start, answered, handled,
       talk_seconds, hold_seconds, wrap_seconds, longest_talk_seconds, missed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const quartersIn = db
    .prepare(
      `SELECT bucket_start, agent, queue, answered, handled, talk_seconds, hold_seconds, wrap_seconds,
         longest_talk_seconds, missed
       FROM history_agent_queue_quarters WHERE bucket_start >= ? AND bucket_start < ?
       ORDER BY bucket_start, agent, queue`,
    )
    .raw();
  const countQuartersIn = db
    .prepare('SELECT count(*) FROM history_agent_queue_quarters WHERE bucket_start >= ? AND bucket_start < ?')
    .pluck();
  const pruneQuarters = db.prepare('DELETE FROM history_agent_queue_quarters WHERE day_start < ?');
  const pruneQueues = db.prepare('DELETE FROM history_agent_queue_days WHERE day_start < ?');
  const pruneAgents = db.prepare('DELETE FROM history_agent_days WHERE day_start < ?');

  return {
    replaceDay(closed) {
      deleteQueues.run(closed.day);
      deleteAgents.run(closed.day);
      deleteQuarters.run(closed.day);
      for (const q of closed.agentQuarters ?? []) {
        const f = q.figures;
        insertQuarter.run(
          q.start,
          q.agent,
          q.queue,
          closed.day,
          closed.start,
          f.answered,
          f.handled,
          f.talkSeconds,
          f.holdSeconds,
          f.wrapSeconds,
          f.longestTalkSeconds,
          q.missed,
        );
      }
      for (const a of closed.agents ?? []) {
        const t = a.stateMs;
        insertAgent.run(
          closed.start,
          a.agent,
          closed.day,
          a.name,
          t.ready,
          t.queueCall,
          t.otherCall,
          t.wrapUp,
          t.notReady,
        );
        for (const { queue, figures: f, missed } of a.queues)
          insertQueue.run(
            closed.start,
            a.agent,
            queue,
            closed.day,
            f.answered,
            f.handled,
            f.talkSeconds,
            f.holdSeconds,
            f.wrapSeconds,
            f.longestTalkSeconds,
            missed,
          );
      }
    },
    read(from, to) {
      // Both come in (day, agent) order: one merge walk.
      const queues = queuesIn.all(from, to) as QueueRaw[];
      const agents = agentsIn.all(from, to) as AgentRaw[];
      const out: AgentHistoryRow[] = [];
      let i = 0;
      for (const [start, agent, day, name, ready, queueCall, otherCall, wrapUp, notReady] of agents) {
        while (i < queues.length && isBefore(queues[i] as QueueRaw, start, agent)) i++;
        const own: AgentHistoryRow['queues'][number][] = [];
        for (; i < queues.length; i++) {
          const q = queues[i] as QueueRaw;
          if (q[0] !== start || q[1] !== agent) break;
          own.push(queueFiguresOf(q));
        }
        out.push({
          day,
          start,
          agent,
          name,
          queues: own,
          stateMs: { ready, queueCall, otherCall, wrapUp, notReady },
        });
      }
      return out;
    },
    readQuarters(from, to) {
      return (quartersIn.all(from, to) as QueueRaw[]).map((q) => ({
        start: q[0],
        agent: q[1],
        ...queueFiguresOf(q),
      }));
    },
    countQuarters: (from, to) => countQuartersIn.get(from, to) as number,
    count: (from, to) => countIn.get(from, to) as number,
    prune: (before) =>
      pruneQueues.run(before).changes + pruneAgents.run(before).changes + pruneQuarters.run(before).changes,
  };
}

/** A stored agent × queue row (a day's or a quarter's) as the history reads it. */
function queueFiguresOf(q: QueueRaw): AgentHistoryRow['queues'][number] {
  return {
    queue: q[2],
    figures: {
      answered: q[3],
      handled: q[4],
      talkSeconds: q[5],
      holdSeconds: q[6],
      wrapSeconds: q[7],
      longestTalkSeconds: q[8],
    },
    missed: q[9],
  };
}

/** Whether a queue row sorts before the agent day (start, agent): SQLite's BINARY order is byte order. */
function isBefore(q: QueueRaw, start: number, agent: string): boolean {
  return q[0] < start || (q[0] === start && Buffer.compare(Buffer.from(q[1]), Buffer.from(agent)) < 0);
}
