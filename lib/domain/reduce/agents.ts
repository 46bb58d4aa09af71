import { Map as IMap } from 'immutable';
import { type Clocked, entryServerTime, eventServerTime } from '../clocks';
import type { AgentRemovedFromQueue, AgentStateChanged, QueueAgentFact } from '../events';
import { visitKeyOf } from '../keys';
import type { DomainState, QueueAgent } from '../state';
import { closeStatePeriod, startsNewPeriod } from './agentDay';
import { canSeeAgents } from './capabilities';
import { resolveQueue, withQueue } from './queueRef';
import { applyVisitFacts } from './visits';

/** Facts an agent's state implies about the visit it serves: the answer, talk and wrap-up times. */
export function applyAgentTransition(
  state: DomainState,
  queueKey: string,
  prev: QueueAgent | undefined,
  next: QueueAgentFact,
): { state: DomainState; wrapVisit?: string } {
  let s = state;
  if (next.state === 'queueCall' && next.sessionId !== undefined) {
    s = applyVisitFacts(s, queueKey, next.sessionId, {
      outcome: 'answered',
      outcomeAt: next.since,
      agent: next.extension,
    });
  }
  if (!prev) return { state: s };
  const leftCall =
    prev.state === 'queueCall' &&
    prev.sessionId !== undefined &&
    (next.state !== 'queueCall' || next.sessionId !== prev.sessionId);
  if (leftCall && prev.sessionId !== undefined) {
    const talkSeconds = Math.max(0, (next.since - prev.since) / 1000);
    s = applyVisitFacts(s, queueKey, prev.sessionId, { talkSeconds });
    if (next.state === 'wrapUp') return { state: s, wrapVisit: visitKeyOf(queueKey, prev.sessionId) };
  }
  if (prev.state === 'wrapUp' && next.state === 'wrapUp') return { state: s, wrapVisit: prev.wrapVisit };
  if (prev.state === 'wrapUp' && prev.wrapVisit) {
    const visit = s.visits.get(prev.wrapVisit);
    if (visit) {
      const wrapSeconds = Math.max(0, (next.since - prev.since) / 1000);
      s = applyVisitFacts(s, visit.queue, visit.callId, { wrapSeconds });
    }
  }
  return { state: s };
}

export function agentEntry(fact: QueueAgentFact, clock: Clocked, wrapVisit: string | undefined): QueueAgent {
  return {
    source: clock.source,
    offsetMs: clock.offsetMs,
    extension: fact.extension,
    state: fact.state,
    since: fact.since,
    sessionId: fact.sessionId,
    caller: fact.caller,
    callerName: fact.callerName,
    wrapVisit,
  };
}

export function onAgentStateChanged(state: DomainState, e: AgentStateChanged): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key || !canSeeAgents(e.origin)) return r.state;
  const key = r.key;
  const prev = r.state.queues.get(key)?.agents?.get(e.agent.extension);
  // No time comparison here: only WSI links report agents, and a link's facts come in order, so the
  // later arrival is the later fact. Comparing this update's PBX time with the time of a snapshot
  // (which has none: it is stamped on arrival) dropped every change of an agent after a snapshot
  // while the PBX's clock was behind the server's (docs/metrics.md, "Two clocks").
  // The same state again without a session (extension_agent_status repeats queue_agent_status but
  // carries no session id) is no transition: the agent keeps their call, start time and wrap-up link.
  if (prev && prev.state === e.agent.state && e.agent.sessionId === undefined) return r.state;
  const t = applyAgentTransition(r.state, key, prev, e.agent);
  const clock: Clocked = { source: e.source, offsetMs: r.state.clocks[e.source] };
  const timed = closePeriodOf(t.state, key, prev, e.agent, clock);
  return withQueue(timed, key, (q) => ({
    ...q,
    agents: (q.agents ?? IMap<string, QueueAgent>()).set(
      e.agent.extension,
      agentEntry(e.agent, clock, t.wrapVisit),
    ),
  }));
}

/** When the agent's entry changes, the period in its old state ends where the new one starts. */
export function closePeriodOf(
  state: DomainState,
  queueKey: string,
  prev: QueueAgent | undefined,
  next: QueueAgentFact,
  clock: Clocked,
): DomainState {
  if (!prev || !startsNewPeriod(prev, next.state, next.since)) return state;
  return closeStatePeriod(state, queueKey, prev, entryServerTime(state, clock, next.since));
}

function removeAgent(state: DomainState, key: string, extension: string): DomainState {
  return withQueue(state, key, (q) => {
    const prev = q.agents?.get(extension);
    if (!q.agents || !prev) return q; // in arrival order, as onAgentStateChanged
    return { ...q, agents: q.agents.delete(extension) };
  });
}

export function onAgentRemoved(state: DomainState, e: AgentRemovedFromQueue): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key) return r.state;
  const prev = r.state.queues.get(r.key)?.agents?.get(e.extension);
  // Leaving the queue ends the period in the last state (the event's time, on the server's timeline).
  const s = prev ? closeStatePeriod(r.state, r.key, prev, eventServerTime(r.state, e)) : r.state;
  return removeAgent(s, r.key, e.extension);
}
