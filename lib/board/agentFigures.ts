import {
  type AgentStateTime,
  agentAhtSeconds,
  loggedInSeconds,
  NO_TIME,
  stateSecondsAt,
  TIMED_STATES,
} from '../domain/agentDay';
import type { AgentTodayView } from '../domain/agentView';
import type { AgentState } from '../domain/events';

/**
 * One agent's figures today over some of their queues, from the raw counters of each membership
 * (docs/metrics.md, "Per-agent figures"). Counts and sums add up over queues; AHT is divided once,
 * from the sums. Pure: `now` is given.
 */
export interface AgentFigures {
  readonly answered: number;
  /** null = unknown in every queue looked at. */
  readonly missed: number | null;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapSeconds: number;
  readonly ahtSeconds: number | null;
  readonly longestTalkSeconds: number;
  /** Whole seconds per state, today, the current state's running time included. */
  readonly stateSeconds: AgentStateTime;
  readonly loggedInSeconds: number;
}

export interface MembershipFigures {
  readonly state: AgentState;
  readonly today?: AgentTodayView;
}

/** null when no membership carries figures (a server that sends none). */
export function agentFiguresAt(memberships: readonly MembershipFigures[], now: number): AgentFigures | null {
  let answered = 0;
  let handled = 0;
  let talk = 0;
  let hold = 0;
  let wrap = 0;
  let longest = 0;
  let missed: number | null = null;
  let states: AgentStateTime | null = null;
  let any = false;
  for (const m of memberships) {
    const t = m.today;
    if (!t) continue;
    any = true;
    answered += t.answered;
    handled += t.handled;
    talk += t.talkSeconds;
    hold += t.holdSeconds;
    wrap += t.wrapSeconds;
    longest = Math.max(longest, t.longestTalkSeconds);
    if (t.missed !== null) missed = (missed ?? 0) + t.missed;
    // Each queue counts the same hours: adding them up would count an hour once per queue. The
    // queue the agent was logged in to longest gives one consistent set (docs/metrics.md).
    const s = stateSecondsAt(t.stateMs, m.state, t.countedFrom, Number.NEGATIVE_INFINITY, now);
    if (states === null || loggedInSeconds(s) > loggedInSeconds(states)) states = s;
  }
  if (!any) return null;
  const stateSeconds = states ?? NO_TIME;
  return {
    answered,
    missed,
    talkSeconds: talk,
    holdSeconds: hold,
    wrapSeconds: wrap,
    ahtSeconds: agentAhtSeconds({ handled, talkSeconds: talk, holdSeconds: hold, wrapSeconds: wrap }),
    longestTalkSeconds: longest,
    stateSeconds,
    loggedInSeconds: loggedInSeconds(stateSeconds),
  };
}

export { TIMED_STATES };

/** What a card shows without ticking: answered and AHT over the memberships; null without figures. */
export function agentTallyOf(
  memberships: readonly MembershipFigures[],
): { answered: number; ahtSeconds: number | null } | null {
  let answered = 0;
  let handled = 0;
  let handleSeconds = 0;
  let any = false;
  for (const m of memberships) {
    if (!m.today) continue;
    any = true;
    answered += m.today.answered;
    handled += m.today.handled;
    handleSeconds += m.today.talkSeconds + m.today.holdSeconds + m.today.wrapSeconds;
  }
  return any ? { answered, ahtSeconds: handled > 0 ? handleSeconds / handled : null } : null;
}
