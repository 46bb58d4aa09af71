import type { AgentState } from './events';
import type { Figures } from './figures';

/**
 * Today's raw counters of one agent in one queue (docs/metrics.md, "Per-agent figures"). Counts and
 * sums only, a few numbers per agent × queue: every mean (AHT) is computed where it is shown, from
 * these, and nothing is kept per call.
 */
export interface AgentQueueFigures {
  /** Visits of this queue this agent answered today. */
  readonly answered: number;
  /** Of those, the ones whose talk time is known; AHT's denominator. */
  readonly handled: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapSeconds: number;
  /**
   * The longest talk of a handled visit. A maximum, not a sum: it only grows through the day (a visit
   * later credited to another agent leaves it as it was; the next recount corrects it).
   */
  readonly longestTalkSeconds: number;
}

/** The states whose time is counted; logged out and offline are not time at work. */
export const TIMED_STATES = ['ready', 'queueCall', 'otherCall', 'wrapUp', 'notReady'] as const;
export type TimedState = (typeof TIMED_STATES)[number];

/** Closed periods' milliseconds per state, today, measured on the server's timeline (rule 7). */
export type AgentStateTime = Readonly<Record<TimedState, number>>;

export const NO_FIGURES: AgentQueueFigures = Object.freeze({
  answered: 0,
  handled: 0,
  talkSeconds: 0,
  holdSeconds: 0,
  wrapSeconds: 0,
  longestTalkSeconds: 0,
});

export const NO_TIME: AgentStateTime = Object.freeze({
  ready: 0,
  queueCall: 0,
  otherCall: 0,
  wrapUp: 0,
  notReady: 0,
});

/** `<queue key>|<extension>`: one row per agent in a queue. */
export const agentQueueKeyOf = (queueKey: string, extension: string) => `${queueKey}|${extension}`;

export const isTimed = (s: AgentState): s is TimedState => (TIMED_STATES as readonly string[]).includes(s);

/** A visit's change of contribution (Figures delta) moved onto an agent × queue row. */
export function addVisitDelta(a: AgentQueueFigures, delta: Figures, talkOfVisit: number): AgentQueueFigures {
  return {
    answered: a.answered + delta.answered,
    handled: a.handled + delta.handled,
    talkSeconds: a.talkSeconds + delta.talkSeconds,
    holdSeconds: a.holdSeconds + delta.holdSeconds,
    wrapSeconds: a.wrapSeconds + delta.wrapSeconds,
    longestTalkSeconds: Math.max(a.longestTalkSeconds, talkOfVisit),
  };
}

export const isEmptyFigures = (a: AgentQueueFigures) =>
  a.answered === 0 && a.handled === 0 && a.talkSeconds === 0 && a.longestTalkSeconds === 0;

/** `ms` more in `state` (a closed period); other states unchanged. */
export function addStateTime(t: AgentStateTime, state: TimedState, ms: number): AgentStateTime {
  return { ...t, [state]: t[state] + ms };
}

/** AHT = (talk + hold + wrap-up) ÷ handled; null when nothing is handled. */
export function agentAhtSeconds(
  a: Pick<AgentQueueFigures, 'handled' | 'talkSeconds' | 'holdSeconds' | 'wrapSeconds'>,
) {
  return a.handled > 0 ? (a.talkSeconds + a.holdSeconds + a.wrapSeconds) / a.handled : null;
}

/**
 * Today's seconds in each state up to `now`: the closed periods plus the running one, the current
 * state from `sinceServer` (its start on the server's timeline, never before the day's start).
 */
export function stateSecondsAt(
  closed: AgentStateTime,
  current: AgentState,
  sinceServer: number,
  dayStart: number,
  now: number,
): AgentStateTime {
  const running = isTimed(current) ? Math.max(0, now - Math.max(sinceServer, dayStart)) : 0;
  const out = { ...closed };
  if (isTimed(current)) out[current] += running;
  return Object.fromEntries(TIMED_STATES.map((s) => [s, Math.floor(out[s] / 1000)])) as AgentStateTime;
}

/** Logged-in time = the sum of the timed states (everything but logged out and offline). */
export const loggedInSeconds = (t: AgentStateTime) => TIMED_STATES.reduce((sum, s) => sum + t[s], 0);
