import {
  type AgentQueueFigures,
  type AgentStateTime,
  agentQueueKeyOf,
  isTimed,
  NO_FIGURES,
  NO_TIME,
} from './agentDay';
import { type MissedOffers, missedOffersOf } from './agentMissed';
import { entryServerTime } from './clocks';
import type { DomainState } from './state';

/**
 * One agent's day as history keeps it (docs/metrics.md, "History", per agent): the raw counters of each
 * queue the agent was in, and one set of state times (the agent's own, whatever queues a report
 * picks). Pure: the instant the day is read at is given.
 */
export interface ClosedAgent {
  /** `<scope>/<extension>`: the key the live board gives the agent (lib/board/agents.ts). */
  readonly agent: string;
  readonly name: string | null;
  /**
   * Every queue the agent answered in, spent time in or missed an offer of today, by queue key;
   * counters may be zero. `missed` null: no source feeding that queue reports rings (agentMissed.ts).
   */
  readonly queues: readonly {
    readonly queue: string;
    readonly figures: AgentQueueFigures;
    readonly missed: number | null;
  }[];
  /**
   * Milliseconds per state: those of the membership the agent was logged in to longest (as the agents
   * page picks it, lib/board/agentFigures.ts), the running period counted up to the instant read.
   */
  readonly stateMs: AgentStateTime;
}

interface Membership {
  queue: string;
  figures: AgentQueueFigures;
  stateMs: AgentStateTime;
}

/** The agents page's logged-in seconds: whole seconds per state, added (stateSecondsAt, loggedInSeconds). */
const wholeSecondsLoggedIn = (t: AgentStateTime) =>
  Math.floor(t.ready / 1000) +
  Math.floor(t.queueCall / 1000) +
  Math.floor(t.otherCall / 1000) +
  Math.floor(t.wrapUp / 1000) +
  Math.floor(t.notReady / 1000);

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every agent with figures or time today, read at `at` (the day's end for a closing day, `now` for
 * today so far). A membership is an agent × queue row of the reducer's per-agent maps, or an agent
 * listed in a queue in a timed state; one no longer listed keeps the time it had.
 */
export function closedAgentsOf(
  state: DomainState,
  at: number,
  missed: MissedOffers = missedOffersOf(state),
): ClosedAgent[] {
  const byAgent = new Map<string, Map<string, Membership>>();
  const membership = (queueKey: string, extension: string): Membership | undefined => {
    const queue = state.queues.get(queueKey);
    if (!queue) return undefined;
    const agent = `${queue.scope}/${extension}`;
    let ofAgent = byAgent.get(agent);
    if (!ofAgent) {
      ofAgent = new Map();
      byAgent.set(agent, ofAgent);
    }
    let m = ofAgent.get(queueKey);
    if (!m) {
      const key = agentQueueKeyOf(queueKey, extension);
      m = {
        queue: queueKey,
        figures: state.agentQueueToday?.get(key) ?? NO_FIGURES,
        stateMs: state.agentStateTime?.get(key) ?? NO_TIME,
      };
      ofAgent.set(queueKey, m);
    }
    return m;
  };
  // Row keys are `<queue key>|<extension>`; a queue key has no `|` (keys.ts), an extension may.
  const split = (key: string) => {
    const bar = key.indexOf('|');
    return [key.slice(0, bar), key.slice(bar + 1)] as const;
  };
  for (const key of state.agentQueueToday?.keys() ?? []) membership(...split(key));
  for (const key of state.agentStateTime?.keys() ?? []) membership(...split(key));
  for (const key of missed.counts.keys()) membership(...split(key));
  for (const queue of state.queues.values()) {
    for (const entry of queue.agents?.values() ?? []) {
      if (!isTimed(entry.state)) continue;
      const from = Math.max(entryServerTime(state, entry, entry.since), state.day.start);
      const running = at - from;
      if (!(running > 0)) continue;
      const m = membership(queue.key, entry.extension);
      if (m) m.stateMs = { ...m.stateMs, [entry.state]: m.stateMs[entry.state] + running };
    }
  }

  const out: ClosedAgent[] = [];
  for (const [agent, memberships] of byAgent) {
    const queues = [...memberships.values()].sort((a, b) => byKey(a.queue, b.queue));
    // The agents page's rule: the first membership (by queue key) with the most whole logged-in seconds.
    let chosen: AgentStateTime = NO_TIME;
    let best = -1;
    for (const m of queues) {
      const seconds = wholeSecondsLoggedIn(m.stateMs);
      if (seconds > best) {
        best = seconds;
        chosen = m.stateMs;
      }
    }
    out.push({
      agent,
      name: state.extensions.get(agent)?.name ?? null,
      queues: queues.map((m) => ({
        queue: m.queue,
        figures: m.figures,
        missed: missed.known.has(m.queue)
          ? (missed.counts.get(agentQueueKeyOf(m.queue, agent.slice(agent.indexOf('/') + 1))) ?? 0)
          : null,
      })),
      stateMs: chosen,
    });
  }
  return out.sort((a, b) => byKey(a.agent, b.agent));
}
