import { callKeyOf, visitKeyOf } from '../keys';
import type { CallPhase, CallState, DomainState, QueueState } from '../state';
import { anchorOf, type Visit } from '../visit';
import { holdState } from './holds';

/**
 * A call and its queue stays. PortSIP WSI reports one call on two topics: the call on cdr_events
 * (call_start, call_cdr) and its queue stay on the queue topics (enqueue, agent_answered, …), both by
 * session id in the same tenant. So a visit (queue Q, call id S) is a stay of the call S in Q's scope:
 * every change of a visit is passed to that call (linked to Q; connected once an agent answered), and
 * a call reported after its visits picks them up. The result depends only on the merged visits, never
 * on which topic spoke first.
 */

/** The phase from the call's merged facts (never kept from the previous phase), so order cannot matter. */
export function phaseOf(call: CallState): CallPhase {
  if (call.final || call.endedAt !== undefined || call.lostTrack) return 'ended';
  let holds = false;
  for (const _ in call.holds) {
    holds = true;
    break;
  }
  if (holds && holdState(call.holds).heldSince !== undefined) return 'held';
  // Hold facts mean someone was on the line, answered or not.
  return call.answeredAt !== undefined || holds ? 'connected' : 'ringing';
}

/** Latest-entered first (ties by key): the first queue is where the call is now. */
function latestFirst(state: DomainState, call: CallState, queues: string[], changed: Visit): string[] {
  // A stay no longer in memory (an earlier day's) counts as the oldest.
  const anchor = (q: string) => {
    const v = q === changed.queue ? changed : state.visits.get(visitKeyOf(q, call.callId));
    return (v && anchorOf(v)) ?? Number.NEGATIVE_INFINITY;
  };
  return queues.sort((a, b) => anchor(b) - anchor(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The call with one of its visits merged in. Only an *answered* stay connects the call (a callback
 * outranks a later answer: that answers the callback, not this call). The answer time is the
 * earliest known, as for legs; an ended call stays ended (phaseOf), a held one held.
 */
export function withVisit(state: DomainState, call: CallState, visit: Visit): CallState {
  const agentAt = agentAnswerOf(visit);
  const answeredAt =
    agentAt !== undefined && (call.answeredAt === undefined || agentAt < call.answeredAt)
      ? agentAt
      : call.answeredAt;
  let queues = call.queues;
  if (!queues.includes(visit.queue)) queues = [...queues, visit.queue];
  if (queues.length > 1) {
    const sorted = latestFirst(state, call, [...queues], visit);
    if (sorted.some((q, i) => q !== queues[i])) queues = sorted;
  }
  if (answeredAt === call.answeredAt && queues === call.queues) return call;
  const next = { ...call, answeredAt, queues };
  return { ...next, phase: phaseOf(next) };
}

const agentAnswerOf = (v: Visit) => (v.outcome === 'answered' ? v.outcomeAt : undefined);

/**
 * Whether a visit's change can change its call: only its entry time (the order of the call's queues)
 * and its agent answer are shown on the call. Talk, wrap-up and hold seconds are not, and skipping
 * them spares the call lookup on most visit changes.
 */
export function concernsCall(old: Visit, next: Visit): boolean {
  return anchorOf(old) !== anchorOf(next) || agentAnswerOf(old) !== agentAnswerOf(next);
}

/**
 * Pass a changed visit to its call. A call not known yet picks the visit up when it is reported
 * (pickUpVisits), so a new visit of an unknown call is indexed; a known call already holds the link.
 */
export function followCall(
  state: DomainState,
  queue: QueueState | undefined,
  visit: Visit,
  isNew: boolean,
): DomainState {
  if (!queue) return state;
  const key = callKeyOf(queue.scope, visit.callId);
  const call = state.calls.get(key);
  if (call) {
    const next = withVisit(state, call, visit);
    return next === call ? state : { ...state, calls: state.calls.set(key, next) };
  }
  if (!isNew) return state;
  const known = queuesOf(state.visitQueues.get(key));
  if (known.includes(visit.queue)) return state;
  const queues = known.length === 0 ? visit.queue : [...known, visit.queue];
  return { ...state, visitQueues: state.visitQueues.set(key, queues) };
}

/** A `visitQueues` entry as a list: one queue is kept as its key alone (no array per call). */
const queuesOf = (entry: string | readonly string[] | undefined): readonly string[] =>
  entry === undefined ? [] : typeof entry === 'string' ? [entry] : entry;

/** A call just reported: merge in the visits its queue facts made before it (out of order). */
export function pickUpVisits(state: DomainState, call: CallState): CallState {
  const entry = state.visitQueues.get(call.key);
  if (entry === undefined) return call;
  let c = call;
  for (const q of queuesOf(entry)) {
    const v = state.visits.get(visitKeyOf(q, call.callId));
    if (v) c = withVisit(state, c, v);
  }
  return c;
}

/**
 * A queue known by id only was merged into its numbered queue (queueRef.ts): its visits moved, so
 * the index and the calls linked to it follow. `callIds`: the calls of the moved visits.
 */
export function moveQueueLinks(
  state: DomainState,
  scope: string,
  fromKey: string,
  toKey: string,
  callIds: readonly string[],
): DomainState {
  let s = state;
  const rename = (list: readonly string[]) => [...new Set(list.map((q) => (q === fromKey ? toKey : q)))];
  for (const id of callIds) {
    const key = callKeyOf(scope, id);
    const known = s.visitQueues.get(key);
    if (known !== undefined) s = { ...s, visitQueues: s.visitQueues.set(key, rename(queuesOf(known))) };
    const call = s.calls.get(key);
    const moved = s.visits.get(visitKeyOf(toKey, id));
    if (!call || !moved || !call.queues.includes(fromKey)) continue;
    s = linkVisitTo(s, { ...call, queues: rename(call.queues) }, moved);
  }
  return s;
}

function linkVisitTo(state: DomainState, call: CallState, visit: Visit): DomainState {
  return { ...state, calls: state.calls.set(call.key, withVisit(state, call, visit)) };
}
