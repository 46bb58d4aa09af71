import { type AgentStateTime, agentQueueKeyOf, NO_FIGURES, NO_TIME } from './agentDay';
import type { DomainState, QueueAgent, QueueState } from './state';

/**
 * One agent's figures in one queue today, as they travel (docs/metrics.md, "Per-agent figures"): raw
 * counts and sums, never means, so that a board adds them up over queues and divides once. Time in
 * state is today's closed periods per state; the running one is `now − countedFrom` in the current
 * state, computed where `now` is known (lib/board/agentFigures.ts).
 */
export interface AgentTodayView {
  readonly answered: number;
  readonly handled: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapSeconds: number;
  readonly longestTalkSeconds: number;
  /**
   * Offers to the agent they did not answer, read from the calls' legs as the day's close reads them
   * (lib/domain/agentMissed.ts). null = unknown: no call of the queue today has legs (WSI only).
   */
  readonly missed: number | null;
  /** Closed periods per state today, ms. */
  readonly stateMs: AgentStateTime;
  /** Server time from which the current state counts today: its start, or the day's start if later. */
  readonly countedFrom: number;
}

/**
 * The agent row's today part; `sinceServer` is the entry's `since` on the server's timeline, `missed`
 * the agent's count in this queue (`missedOf`), computed once per view for all rows by the caller.
 */
export function agentTodayOf(
  state: DomainState,
  queue: QueueState,
  agent: QueueAgent,
  sinceServer: number,
  missed: number | null,
): AgentTodayView {
  const key = agentQueueKeyOf(queue.key, agent.extension);
  const f = state.agentQueueToday?.get(key) ?? NO_FIGURES;
  return {
    answered: f.answered,
    handled: f.handled,
    talkSeconds: f.talkSeconds,
    holdSeconds: f.holdSeconds,
    wrapSeconds: f.wrapSeconds,
    longestTalkSeconds: f.longestTalkSeconds,
    missed,
    stateMs: state.agentStateTime?.get(key) ?? NO_TIME,
    countedFrom: Math.max(sinceServer, state.day.start),
  };
}
