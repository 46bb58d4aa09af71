import type { DomainState } from '../state';
import { dayWindow, inWindow } from '../time';
import { rollAgreement } from './agreement';

import { clipGaps } from './gaps';
import { recount } from './visits';

/**
 * The day's reset time (midnight unless configured) in the configured zone: today's figures start again from zero. Live state (who waits, who
 * is on a call) carries over. Ended calls and wrap-ups of earlier days are forgotten; a late straggler
 * about them can then only touch yesterday, which no longer counts.
 */
export function rollDay(state: DomainState, now: number): DomainState {
  if (now < state.day.end) return state;
  const day = dayWindow(now, state.settings.timezone, state.settings.dayStartsAt);
  const calls = state.calls.filter((c) => c.phase !== 'ended' || (c.endedAt ?? 0) >= state.day.start);
  return recount({
    ...clipGaps({ ...state, day }),
    ...(state.callAliases ? { callAliases: state.callAliases.clear() } : {}),
    // Time in state starts again; a state held over the day's start counts from it (agentDay.ts).
    ...(state.agentStateTime ? { agentStateTime: state.agentStateTime.clear() } : {}),
    day,
    visits: state.visits.clear(),
    visitQueues: state.visitQueues.clear(),
    wrapUps: state.wrapUps.clear(),
    breaches: state.breaches.clear(),
    calls,
    queues: state.queues.map((q) => ({ ...q, slaBreaches: 0 })),
    ...(state.agreement ? { agreement: rollAgreement(state.agreement) } : {}),
  });
}

export function isToday(state: DomainState, at: number): boolean {
  return inWindow(state.day, at);
}
