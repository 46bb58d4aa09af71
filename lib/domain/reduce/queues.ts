import { Map as IMap } from 'immutable';
import type {
  AgentRemovedFromQueue,
  AgentStateChanged,
  CallbackScheduled,
  CallerAbandoned,
  CallerAnswered,
  CallerOverflowed,
  CallerQueued,
  DomainEvent,
  QueueAgentFact,
  QueueCreated,
  QueueDeleted,
  QueueRef,
  QueueSnapshotted,
  QueueUpdated,
  SlaBreachReported,
  WaitingCallerFact,
} from '../events';
import { ZERO } from '../figures';
import { provisionalQueueKeyOf, queueKeyOf, scopeOf, visitKeyOf } from '../keys';
import type { DomainState, QueueAgent, QueueState, WaitingCaller } from '../state';
import { inWindow } from '../time';
import type { Outcome } from '../visit';
import { canSeeAgents, canSeeWaitingList } from './capabilities';
import { applyVisitFacts, recount } from './visits';

function emptyQueue(key: string, scope: string, ref: QueueRef): QueueState {
  return {
    key,
    scope,
    number: ref.number,
    id: ref.id,
    waiting: null,
    agents: null,
    today: ZERO,
    buckets: IMap(),
    slaBreaches: 0,
  };
}

/**
 * Find (or create) the queue an event names. A queue known only by id (PortSIP queue_caller_status)
 * is kept under a provisional key until a snapshot tells its number; then the two are merged.
 */
export function resolveQueue(
  state: DomainState,
  event: Pick<DomainEvent, 'tenant' | 'source' | 'at'>,
  ref: QueueRef,
): { state: DomainState; key: string | undefined } {
  const scope = scopeOf({ tenant: ref.tenant ?? event.tenant, source: event.source });
  const idKey = ref.id !== undefined ? provisionalQueueKeyOf(scope, ref.id) : undefined;
  let key: string | undefined;
  if (ref.number !== undefined) key = queueKeyOf(scope, ref.number);
  else if (idKey !== undefined) key = state.queueIds[idKey] ?? idKey;
  if (key === undefined) return { state, key };

  let s = state;
  const existing = s.queues.get(key);
  // Most events name a queue we already know as they name it: then nothing is copied.
  const learnt =
    existing &&
    ((existing.number === undefined && ref.number !== undefined) ||
      (existing.id === undefined && ref.id !== undefined));
  if (!existing) s = { ...s, queues: s.queues.set(key, emptyQueue(key, scope, ref)) };
  else if (learnt) {
    const queue = { ...existing, number: existing.number ?? ref.number, id: existing.id ?? ref.id };
    s = { ...s, queues: s.queues.set(key, queue) };
  }
  if (idKey !== undefined && ref.number !== undefined && s.queueIds[idKey] !== key) {
    s = { ...s, queueIds: { ...s.queueIds, [idKey]: key } };
    if (s.queues.has(idKey)) s = mergeProvisional(s, idKey, key);
  }
  return { state: s, key };
}

/** Fold a queue that was known only by id into the real one, visits and live lists included. */
function mergeProvisional(state: DomainState, fromKey: string, toKey: string): DomainState {
  const from = state.queues.get(fromKey);
  const to = state.queues.get(toKey);
  if (!from || !to) return state;
  const union = <V>(a: IMap<string, V> | null, b: IMap<string, V> | null) => (a && b ? a.merge(b) : (a ?? b));
  const queues = state.queues.delete(fromKey).set(toKey, {
    ...to,
    waiting: union(from.waiting, to.waiting),
    agents: union(from.agents, to.agents),
    slaBreaches: to.slaBreaches + from.slaBreaches,
  });
  // Collected first: inside a batch (reduceAll) the map is mutated in place, so never while iterating it.
  const moving = [...state.visits.values()].filter((v) => v.queue === fromKey);
  let visits = state.visits;
  for (const v of moving) {
    visits = visits.delete(v.key);
    const key = visitKeyOf(toKey, v.callId);
    visits = visits.set(key, { ...v, key, queue: toKey });
  }
  return recount({ ...state, queues, visits });
}

function withQueue(state: DomainState, key: string, update: (q: QueueState) => QueueState): DomainState {
  const q = state.queues.get(key);
  return q ? { ...state, queues: state.queues.set(key, update(q)) } : state;
}

function waitingEntry(c: WaitingCallerFact): WaitingCaller {
  return {
    sessionId: c.sessionId,
    caller: c.caller,
    callerName: c.callerName,
    kind: c.kind,
    since: c.since,
    position: c.position,
  };
}

function sameWaiting(a: WaitingCaller, b: WaitingCaller): boolean {
  return (
    a.since === b.since &&
    a.kind === b.kind &&
    a.caller === b.caller &&
    a.callerName === b.callerName &&
    a.position === b.position
  );
}

function isResolved(state: DomainState, queueKey: string, sessionId: string): boolean {
  const v = state.visits.get(visitKeyOf(queueKey, sessionId));
  return v !== undefined && v.outcome !== 'waiting' && v.outcome !== 'callback';
}

function onCallerQueued(state: DomainState, e: CallerQueued): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key) return state;
  const key = r.key;
  const s = applyVisitFacts(r.state, key, e.caller.sessionId, {
    enqueuedAt: e.caller.since,
    kind: e.caller.kind,
    caller: e.caller.caller,
  });
  if (!canSeeWaitingList(e.origin)) return s;
  // A reordered "queued" that arrives after the caller left must not put them back on the list.
  const left = isResolved(s, key, e.caller.sessionId);
  const q = s.queues.get(key);
  const entry = waitingEntry(e.caller);
  const known = q?.waiting?.get(e.caller.sessionId);
  // A repeat of what we know already changes nothing (and so publishes nothing).
  if (q?.waiting && (left || (known && sameWaiting(known, entry)))) return s;
  return withQueue(s, key, (queue) => {
    const waiting = queue.waiting ?? IMap<string, WaitingCaller>();
    return { ...queue, waiting: left ? waiting : waiting.set(e.caller.sessionId, entry) };
  });
}

type CallerLeft = CallerAnswered | CallerAbandoned | CallerOverflowed | CallbackScheduled;
const OUTCOME: Record<CallerLeft['type'], Outcome> = {
  callerAnswered: 'answered',
  callerAbandoned: 'abandoned',
  callerOverflowed: 'overflowed',
  callbackScheduled: 'callback',
};

function onCallerLeft(state: DomainState, e: CallerLeft): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key) return state;
  const key = r.key;
  const agent = e.type === 'callerAnswered' ? e.agent : undefined;
  let s = applyVisitFacts(r.state, key, e.sessionId, { outcome: OUTCOME[e.type], outcomeAt: e.at, agent });
  s = withQueue(s, key, (q) => {
    const entry = q.waiting?.get(e.sessionId);
    if (!q.waiting || !entry) return q;
    // A caller who asked for a callback stays on the PBX's list, now as a callback.
    const waiting =
      e.type === 'callbackScheduled'
        ? q.waiting.set(e.sessionId, { ...entry, kind: 'callback' })
        : q.waiting.delete(e.sessionId);
    return { ...q, waiting };
  });
  return s;
}

/** Facts an agent's state implies about the visit it serves: the answer, talk and wrap-up times. */
function applyAgentTransition(
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

function agentEntry(fact: QueueAgentFact, at: number, wrapVisit: string | undefined): QueueAgent {
  return {
    extension: fact.extension,
    state: fact.state,
    since: fact.since,
    at,
    sessionId: fact.sessionId,
    caller: fact.caller,
    callerName: fact.callerName,
    wrapVisit,
  };
}

function onAgentStateChanged(state: DomainState, e: AgentStateChanged): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key || !canSeeAgents(e.origin)) return r.state;
  const key = r.key;
  const prev = r.state.queues.get(key)?.agents?.get(e.agent.extension);
  if (prev && e.at < prev.at) return r.state; // an older fact never overwrites a newer one
  // The same state again without a session (extension_agent_status repeats queue_agent_status but
  // carries no session id) is no transition: the agent keeps their call, start time and wrap-up link.
  if (prev && prev.state === e.agent.state && e.agent.sessionId === undefined) return r.state;
  const t = applyAgentTransition(r.state, key, prev, e.agent);
  return withQueue(t.state, key, (q) => ({
    ...q,
    agents: (q.agents ?? IMap<string, QueueAgent>()).set(
      e.agent.extension,
      agentEntry(e.agent, e.at, t.wrapVisit),
    ),
  }));
}

function onAgentRemoved(state: DomainState, e: AgentRemovedFromQueue): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key) return r.state;
  return withQueue(r.state, r.key, (q) => {
    const prev = q.agents?.get(e.extension);
    if (!q.agents || !prev || e.at < prev.at) return q;
    return { ...q, agents: q.agents.delete(e.extension) };
  });
}

function onSnapshot(state: DomainState, e: QueueSnapshotted): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key) return r.state;
  const key = r.key;
  let s = r.state;
  for (const c of e.waiting) {
    s = applyVisitFacts(s, key, c.sessionId, { enqueuedAt: c.since, kind: c.kind, caller: c.caller });
  }
  const before = s.queues.get(key)?.agents;
  const agents = IMap<string, QueueAgent>().withMutations((m) => {
    for (const a of e.agents) {
      const prev = before?.get(a.extension);
      if (prev && prev.at > e.at) {
        m.set(a.extension, prev); // a fact newer than the snapshot stays
        continue;
      }
      const t = applyAgentTransition(s, key, prev, a);
      s = t.state;
      m.set(a.extension, agentEntry(a, e.at, t.wrapVisit));
    }
  });
  const waiting = IMap(e.waiting.map((c) => [c.sessionId, waitingEntry(c)] as const));
  return withQueue(s, key, (q) => ({
    ...q,
    name: e.name ?? q.name,
    waiting: canSeeWaitingList(e.origin) ? waiting : q.waiting,
    agents: canSeeAgents(e.origin) ? agents : q.agents,
  }));
}

function onSlaBreach(state: DomainState, e: SlaBreachReported): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key || !inWindow(r.state.day, e.at)) return r.state;
  const breachKey = `${r.key}|${e.caller ?? ''}|${e.at}`;
  if (r.state.breaches.has(breachKey)) return r.state;
  const s = { ...r.state, breaches: r.state.breaches.set(breachKey, true as const) };
  return withQueue(s, r.key, (q) => ({ ...q, slaBreaches: q.slaBreaches + 1 }));
}

function onQueueInfo(state: DomainState, e: QueueCreated | QueueUpdated): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key || e.name === undefined) return r.state;
  return withQueue(r.state, r.key, (q) => ({ ...q, name: e.name }));
}

function onQueueDeleted(state: DomainState, e: QueueDeleted): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key) return r.state;
  return { ...r.state, queues: r.state.queues.delete(r.key) };
}

export type QueueEvent =
  | CallerQueued
  | CallerLeft
  | QueueSnapshotted
  | AgentStateChanged
  | AgentRemovedFromQueue
  | SlaBreachReported
  | QueueCreated
  | QueueUpdated
  | QueueDeleted;

export function reduceQueueEvent(state: DomainState, e: QueueEvent): DomainState {
  switch (e.type) {
    case 'callerQueued':
      return onCallerQueued(state, e);
    case 'callerAnswered':
    case 'callerAbandoned':
    case 'callerOverflowed':
    case 'callbackScheduled':
      return onCallerLeft(state, e);
    case 'queueSnapshotted':
      return onSnapshot(state, e);
    case 'agentStateChanged':
      return onAgentStateChanged(state, e);
    case 'agentRemovedFromQueue':
      return onAgentRemoved(state, e);
    case 'slaBreachReported':
      return onSlaBreach(state, e);
    case 'queueCreated':
    case 'queueUpdated':
      return onQueueInfo(state, e);
    case 'queueDeleted':
      return onQueueDeleted(state, e);
  }
}
