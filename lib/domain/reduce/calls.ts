import type {
  CallDetailRecorded,
  CallEnded,
  CallHeld,
  CallParties,
  CallResumed,
  CallStarted,
  CallUpdated,
  LegEvent,
  WrapUpEnded,
  WrapUpStarted,
} from '../events';
import { callKeyOf, extensionKeyOf, scopeOf, wrapKeyOf } from '../keys';
import type { CallState, DomainState, Leg, LegStatus } from '../state';
import { phaseOf, pickUpVisits } from './callQueues';
import { deriveVisits } from './callVisits';

export type CallEvent =
  | CallStarted
  | CallUpdated
  | LegEvent
  | CallEnded
  | CallHeld
  | CallResumed
  | CallDetailRecorded;

function definedOnly(p: CallParties): CallParties {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== ''));
}

// Shared by every call that has none of them yet (most calls never hold). Frozen, so that no
// reducer can change one call's through another's.
const NO_PARTIES: CallParties = Object.freeze({});
const NO_HOLDS: CallState['holds'] = Object.freeze({});
const NO_LEGS: CallState['legs'] = Object.freeze({});
const NO_QUEUES: CallState['queues'] = Object.freeze([]);

/**
 * Every call has all of CallState's fields, in one order (absent = undefined), so that it keeps
 * them inside the object (docs/benchmarks.md, "Heap of the replayed day"). `scope`: the source's
 * own copy of the scope string (reduce.ts keeps one per source), shared by its calls.
 */
function newCall(e: CallEvent, key: string, scope: string): CallState {
  return {
    key,
    scope,
    callId: e.callId,
    source: e.source,
    direction: 'unknown',
    parties: NO_PARTIES,
    phase: 'ringing',
    startedAt: e.at,
    answeredAt: undefined,
    endedAt: undefined,
    holds: NO_HOLDS,
    legs: NO_LEGS,
    queues: NO_QUEUES,
    final: false,
    lostTrack: undefined,
    lastEventAt: e.at,
  };
}

/** Leg statuses only move forward; the same facts in any order end in the same status. */
const LEG_RANK: Record<LegStatus, number> = {
  added: 0,
  ringing: 1,
  answered: 2,
  notAnswered: 3,
  failed: 3,
  ended: 4,
};

const STATUS_OF: Record<LegEvent['type'], LegStatus> = {
  callLegAdded: 'added',
  callLegRinging: 'ringing',
  callLegAnswered: 'answered',
  callLegNotAnswered: 'notAnswered',
  callLegFailed: 'failed',
  callLegEnded: 'ended',
};

const min = (a: number | undefined, b: number) => (a === undefined || b < a ? b : a);
const max = (a: number | undefined, b: number) => (a === undefined || b > a ? b : a);

function applyLeg(prev: Leg | undefined, e: LegEvent): Leg {
  const status = STATUS_OF[e.type];
  const base: Leg = prev ?? { leg: e.leg, target: e.target, kind: e.targetKind, status, statusAt: e.at };
  const keepStatus = prev !== undefined && LEG_RANK[prev.status] > LEG_RANK[status];
  return {
    ...base,
    // A later event may know less about the target ("unknown"): keep what the leg's ringing told us.
    kind: e.targetKind !== 'unknown' ? e.targetKind : base.kind,
    target: e.target !== 'unknown' ? e.target : base.target,
    status: keepStatus ? base.status : status,
    statusAt: keepStatus ? base.statusAt : e.at,
    addedAt: status === 'added' || status === 'ringing' ? min(base.addedAt, e.at) : base.addedAt,
    answeredAt: status === 'answered' ? min(base.answeredAt, e.at) : base.answeredAt,
    endedAt: LEG_RANK[status] >= 3 ? max(base.endedAt, e.at) : base.endedAt,
    talkSeconds: e.type === 'callLegEnded' && e.talkSeconds !== undefined ? e.talkSeconds : base.talkSeconds,
  };
}

function onCdr(call: CallState, e: CallDetailRecorded): CallState {
  const legs: Record<string, Leg> = {};
  e.legs.forEach((l, i) => {
    const leg = `${i}:${l.target}`;
    const answered = l.answeredAt !== undefined;
    legs[leg] = {
      leg,
      target: l.target,
      kind: l.targetKind,
      status: answered ? 'ended' : l.statusCode && l.statusCode >= 400 ? 'failed' : 'notAnswered',
      statusAt: l.endedAt ?? e.endedAt,
      addedAt: l.startedAt ?? l.ringAt,
      answeredAt: l.answeredAt,
      endedAt: l.endedAt,
    };
  });
  return {
    ...call,
    parties: { ...call.parties, ...definedOnly(e.parties) },
    direction: e.parties.direction ?? call.direction,
    phase: 'ended',
    startedAt: e.startedAt ?? call.startedAt,
    answeredAt: e.answeredAt ?? call.answeredAt,
    endedAt: e.endedAt,
    legs,
    final: true,
  };
}

function applyFacts(call: CallState, e: CallEvent): CallState {
  const touched = { ...call, lastEventAt: Math.max(call.lastEventAt, e.at) };
  switch (e.type) {
    case 'callStarted':
    case 'callUpdated':
      return {
        ...touched,
        parties: { ...call.parties, ...definedOnly(e.parties) },
        direction: e.parties.direction ?? call.direction,
        startedAt: Math.min(call.startedAt, e.at),
      };
    case 'callEnded':
      return { ...touched, endedAt: max(call.endedAt, e.at) };
    case 'callHeld':
    case 'callResumed':
      return { ...touched, holds: { ...call.holds, [e.at]: e.type === 'callHeld' ? 'held' : 'resumed' } };
    case 'callDetailRecorded':
      return onCdr(touched, e);
    default: {
      const leg = applyLeg(call.legs[e.leg], e);
      const answeredAt =
        leg.answeredAt !== undefined ? min(call.answeredAt, leg.answeredAt) : call.answeredAt;
      return { ...touched, legs: { ...call.legs, [e.leg]: leg }, answeredAt };
    }
  }
}

/** The phase is re-derived from the merged facts (phaseOf): ended is terminal, an open hold shows. */
function applyCallEvent(call: CallState, e: CallEvent): CallState {
  const next = applyFacts(call, e);
  const phase = phaseOf(next);
  return phase === next.phase ? next : { ...next, phase };
}

export function reduceCallEvent(state: DomainState, e: CallEvent): DomainState {
  const scope = scopeOf(e);
  const key = callKeyOf(scope, e.callId);
  const prev = state.calls.get(key);
  // After the final CDR nothing changes a call: retries and stragglers are absorbed here. Hold
  // facts are the exception: a CDR carries no hold time, so a late one still counts (the call
  // stays ended either way).
  if (prev?.final && e.type !== 'callHeld' && e.type !== 'callResumed') return state;
  // A call first reported after its queue facts (WSI queue topics ahead of cdr_events) takes them up.
  // A fact about a call closed as lost track shows the source still tracks it: it is open again.
  const call = prev
    ? applyCallEvent(prev.lostTrack ? { ...prev, lostTrack: undefined } : prev, e)
    : pickUpVisits(state, applyCallEvent(newCall(e, key, sharedScope(state, e.source, scope)), e));
  const s = { ...state, calls: state.calls.set(key, call) };
  return deriveVisits(s, call);
}

/** The copy of `scope` that reduce.ts keeps for `source` (it is recorded before any handler runs). */
function sharedScope(state: DomainState, source: string, scope: string): string {
  return state.sourceScopes?.[source]?.find((s) => s === scope) ?? scope;
}

export function reduceWrapUp(state: DomainState, e: WrapUpStarted | WrapUpEnded): DomainState {
  if (e.callId === undefined) return state;
  const scope = scopeOf(e);
  const key = wrapKeyOf(extensionKeyOf(scope, e.extension), e.callId);
  const prev = state.wrapUps.get(key) ?? {};
  const next =
    e.type === 'wrapUpStarted'
      ? { ...prev, startedAt: min(prev.startedAt, e.at) }
      : { ...prev, endedAt: max(prev.endedAt, e.at) };
  const s = { ...state, wrapUps: state.wrapUps.set(key, next) };
  const call = s.calls.get(callKeyOf(scope, e.callId));
  return call ? deriveVisits(s, call) : s;
}
