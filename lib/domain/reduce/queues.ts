import { Map as IMap } from 'immutable';
import { type Clocked, eventServerTime } from '../clocks';
import type {
  AgentRemovedFromQueue,
  AgentStateChanged,
  CallbackScheduled,
  CallerAbandoned,
  CallerAnswered,
  CallerOverflowed,
  CallerQueued,
  QueueCreated,
  QueueDeleted,
  QueueSnapshotted,
  QueueUpdated,
  SlaBreachReported,
  WaitingCallerFact,
} from '../events';
import { visitKeyOf } from '../keys';
import type { DomainState, QueueAgent, WaitingCaller } from '../state';
import { inWindow } from '../time';
import type { Outcome } from '../visit';
import { closeUnlistedAgents } from './agentDay';
import {
  agentEntry,
  applyAgentTransition,
  closePeriodOf,
  onAgentRemoved,
  onAgentStateChanged,
} from './agents';
import { canSeeAgents, canSeeWaitingList } from './capabilities';
import { resolveQueue, withQueue } from './queueRef';
import { applyVisitFacts } from './visits';

function waitingEntry(c: WaitingCallerFact, clock: Clocked): WaitingCaller {
  return {
    source: clock.source,
    offsetMs: clock.offsetMs,
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
    a.source === b.source &&
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
  // News of the caller: a stay closed as lost track is open again (lostTrack.ts).
  const s = applyVisitFacts(r.state, key, e.caller.sessionId, {
    enqueuedAt: e.caller.since,
    kind: e.caller.kind,
    lost: false,
  });
  if (!canSeeWaitingList(e.origin)) return s;
  // A reordered "queued" that arrives after the caller left must not put them back on the list.
  const left = isResolved(s, key, e.caller.sessionId);
  const q = s.queues.get(key);
  const entry = waitingEntry(e.caller, { source: e.source, offsetMs: s.clocks[e.source] });
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

function onSnapshot(state: DomainState, e: QueueSnapshotted): DomainState {
  const r = resolveQueue(state, e, e.queue);
  if (!r.key) return r.state;
  const key = r.key;
  let s = r.state;
  for (const c of e.waiting) {
    s = applyVisitFacts(s, key, c.sessionId, {
      enqueuedAt: c.since,
      kind: c.kind,
      lost: false,
    });
  }
  const before = s.queues.get(key)?.agents;
  const clock: Clocked = { source: e.source, offsetMs: s.clocks[e.source] };
  // The snapshot is the link's truth as of its arrival, and everything before it arrived earlier: it
  // replaces the lists whole. (Its time is the arrival time, never compared with a PBX time.)
  // An entry the snapshot repeats (same state or wait, same start) keeps the offset it was reported with.
  const agents = IMap<string, QueueAgent>().withMutations((m) => {
    for (const a of e.agents) {
      const prev = before?.get(a.extension);
      const t = applyAgentTransition(s, key, prev, a);
      s = canSeeAgents(e.origin) ? closePeriodOf(t.state, key, prev, a, clock) : t.state;
      const same = prev && prev.state === a.state && prev.since === a.since;
      m.set(a.extension, agentEntry(a, same ? prev : clock, t.wrapVisit));
    }
  });
  if (before && canSeeAgents(e.origin))
    s = closeUnlistedAgents(s, key, before, agents, eventServerTime(s, e));
  const listed = s.queues.get(key)?.waiting;
  if (listed && canSeeWaitingList(e.origin)) s = closeUnlisted(s, key, listed, e.waiting);
  const waiting = IMap(
    e.waiting.map((c) => {
      const prev = listed?.get(c.sessionId);
      return [c.sessionId, waitingEntry(c, prev && prev.since === c.since ? prev : clock)] as const;
    }),
  );
  return withQueue(s, key, (q) => ({
    ...q,
    name: e.name ?? q.name,
    waiting: canSeeWaitingList(e.origin) ? waiting : q.waiting,
    agents: canSeeAgents(e.origin) ? agents : q.agents,
  }));
}

/**
 * A caller we listed whom the PBX's full picture no longer lists, and whose leaving no fact told us
 * (a reconnect lost it): the stay ended, how is unknown (docs/metrics.md, "Lost track").
 */
function closeUnlisted(
  state: DomainState,
  key: string,
  listed: IMap<string, WaitingCaller>,
  now: readonly WaitingCallerFact[],
): DomainState {
  if (listed.size === 0) return state;
  const still = new Set(now.map((c) => c.sessionId));
  let s = state;
  for (const id of listed.keys()) {
    if (still.has(id) || s.visits.get(visitKeyOf(key, id))?.outcome !== 'waiting') continue;
    s = applyVisitFacts(s, key, id, { lost: true });
  }
  return s;
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
