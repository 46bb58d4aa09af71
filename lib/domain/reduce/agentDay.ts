import { Map as IMap } from 'immutable';
import {
  type AgentQueueFigures,
  type AgentStateTime,
  addStateTime,
  addVisitDelta,
  agentQueueKeyOf,
  isEmptyFigures,
  isTimed,
  NO_FIGURES,
  NO_TIME,
} from '../agentDay';
import { entryServerTime } from '../clocks';
import type { Figures } from '../figures';
import type { DomainState, QueueAgent } from '../state';

/**
 * The reducer's side of today's per agent × queue counters (lib/domain/agentDay.ts). Visit figures
 * move with the visit's contribution (reduce/visits.ts), so they always equal the sum over today's
 * visits; time in state adds each closed period when the agent's state changes.
 */

/** Add a visit's change of contribution to the agent × queue row it is credited to. */
export function creditAgent(
  state: DomainState,
  queueKey: string,
  extension: string,
  delta: Figures,
  talkOfVisit: number,
): DomainState {
  const key = agentQueueKeyOf(queueKey, extension);
  const map = state.agentQueueToday ?? IMap<string, AgentQueueFigures>();
  const next = addVisitDelta(map.get(key) ?? NO_FIGURES, delta, talkOfVisit);
  return { ...state, agentQueueToday: isEmptyFigures(next) ? map.delete(key) : map.set(key, next) };
}

/**
 * Close the period `prev` spent in its state, ending at `endServer` (server timeline). Both ends are
 * on the server's timeline, each PBX time moved by the offset it was reported with (rule 7), and the
 * period is clipped to today: yesterday's part of a state held over midnight is not today's time.
 */
export function closeStatePeriod(
  state: DomainState,
  queueKey: string,
  prev: QueueAgent,
  endServer: number,
): DomainState {
  if (!isTimed(prev.state)) return state;
  const start = Math.max(entryServerTime(state, prev, prev.since), state.day.start);
  const ms = endServer - start;
  if (!(ms > 0)) return state;
  const key = agentQueueKeyOf(queueKey, prev.extension);
  const map = state.agentStateTime ?? IMap<string, AgentStateTime>();
  return { ...state, agentStateTime: map.set(key, addStateTime(map.get(key) ?? NO_TIME, prev.state, ms)) };
}

/** Whether a new entry for the agent starts a new period (a repeat of the same state and start does not). */
export const startsNewPeriod = (prev: QueueAgent | undefined, state: string, since: number) =>
  prev !== undefined && (prev.state !== state || prev.since !== since);

/** A snapshot that no longer lists an agent ends their period at its arrival, as a removal does. */
export function closeUnlistedAgents(
  state: DomainState,
  queueKey: string,
  before: IMap<string, QueueAgent>,
  listed: IMap<string, QueueAgent>,
  endServer: number,
): DomainState {
  let s = state;
  for (const [extension, prev] of before) {
    if (!listed.has(extension)) s = closeStatePeriod(s, queueKey, prev, endServer);
  }
  return s;
}
