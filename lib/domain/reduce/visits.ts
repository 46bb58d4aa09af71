import { addFigures, contribution, type Figures, isZero, ZERO } from '../figures';
import { visitKeyOf } from '../keys';
import { type DomainState, type QueueState, thresholdsFor } from '../state';
import { bucketOf, inWindow } from '../time';
import { anchorOf, mergeVisit, newVisit, type Visit, type VisitFacts } from '../visit';
import { creditAgent } from './agentDay';
import { concernsCall, followCall } from './callQueues';

/**
 * Merge facts into one queue visit and move today's counters by the difference between the visit's
 * old and new contribution. Counters therefore always equal the sum over today's visits. The visit's
 * call, when known, follows the change (callQueues.ts).
 */
export function applyVisitFacts(
  state: DomainState,
  queueKey: string,
  callId: string,
  facts: VisitFacts,
): DomainState {
  const key = visitKeyOf(queueKey, callId);
  const old = state.visits.get(key);
  // Looked up once: the counters and the call's key both need it (lookups are the reducer's cost).
  // A new visit shares its queue's key string, not the event's copy of it (heap: one per queue).
  const queue = state.queues.get(queueKey);
  const next = mergeVisit(old ?? newVisit(queue?.key ?? queueKey, callId), facts);
  if (old === next) return state;
  const anchor = anchorOf(next);
  // A stay that began before today belongs to a day whose figures are gone: keep nothing of it but
  // the link of a call still live across the day's start to its queue.
  if (anchor !== undefined && anchor < state.day.start && !old) return followCall(state, queue, next, false);
  const s = moveCounters({ ...state, visits: state.visits.set(key, next) }, queue, old, next);
  return !old || concernsCall(old, next) ? followCall(s, queue, next, !old) : s;
}

function moveCounters(
  s: DomainState,
  queue: QueueState | undefined,
  old: Visit | undefined,
  next: Visit,
): DomainState {
  const before = old ? placement(s, queue, old) : undefined;
  const after = placement(s, queue, next);
  // The usual case, a visit that stays in its bucket with its agent, moves the counters once.
  if (before && after && before.bucket === after.bucket && before.agentKey === after.agentKey) {
    const delta = addFigures(after.figures, before.figures, -1);
    return credit(add(s, next.queue, after.bucket, after.agentKey, delta), next, after, delta);
  }
  const without = before
    ? credit(
        add(s, next.queue, before.bucket, before.agentKey, addFigures(ZERO, before.figures, -1)),
        next,
        { ...before, figures: ZERO },
        addFigures(ZERO, before.figures, -1),
      )
    : s;
  return after
    ? credit(
        add(without, next.queue, after.bucket, after.agentKey, after.figures),
        next,
        after,
        after.figures,
      )
    : without;
}

/** The same delta on the agent × queue row (agentDay.ts); `p.figures` is the visit's whole contribution. */
function credit(s: DomainState, visit: Visit, p: Placement, delta: Figures): DomainState {
  if (p.agent === undefined || isZero(delta)) return s;
  return creditAgent(s, visit.queue, p.agent, delta, p.figures.talkSeconds);
}

interface Placement {
  readonly bucket: number;
  readonly agentKey: string | undefined;
  /** The answering agent's extension, with agentKey. */
  readonly agent?: string;
  readonly figures: Figures;
}

/** Where a visit counts today (bucket, agent) and what it adds; undefined if it counts on no day we keep. */
function placement(state: DomainState, queue: QueueState | undefined, visit: Visit): Placement | undefined {
  const anchor = anchorOf(visit);
  if (anchor === undefined || !queue || !inWindow(state.day, anchor)) return undefined;
  const agent = visit.agent !== undefined && visit.outcome === 'answered' ? visit.agent : undefined;
  return {
    bucket: bucketOf(state.day, anchor),
    agentKey: agent !== undefined ? `${queue.scope}/${agent}` : undefined,
    agent,
    figures: contribution(visit, thresholdsFor(state.settings, visit.queue)),
  };
}

/**
 * Add `delta` to a queue's today, one of its buckets and (when answered) its agent's row. A bucket or
 * agent row that drops back to zero is removed, so the state after a visit moved is the same as if
 * it had always been where it ended up.
 */
function add(
  state: DomainState,
  queueKey: string,
  bucket: number,
  agentKey: string | undefined,
  delta: Figures,
): DomainState {
  const queue = state.queues.get(queueKey);
  if (!queue || isZero(delta)) return state;
  const bucketFigures = addFigures(queue.buckets.get(bucket) ?? ZERO, delta);
  const buckets = isZero(bucketFigures)
    ? queue.buckets.delete(bucket)
    : queue.buckets.set(bucket, bucketFigures);
  const nextQueue: QueueState = { ...queue, today: addFigures(queue.today, delta), buckets };
  let agentsToday = state.agentsToday;
  if (agentKey !== undefined) {
    const agentFigures = addFigures(agentsToday.get(agentKey) ?? ZERO, delta);
    agentsToday = isZero(agentFigures)
      ? agentsToday.delete(agentKey)
      : agentsToday.set(agentKey, agentFigures);
  }
  return { ...state, queues: state.queues.set(queueKey, nextQueue), agentsToday };
}

/** Rebuild every counter from today's visits (after a settings change or a queue merge). */
export function recount(state: DomainState): DomainState {
  const queues = state.queues.map((q): QueueState => ({ ...q, today: ZERO, buckets: q.buckets.clear() }));
  let s: DomainState = {
    ...state,
    queues,
    agentsToday: state.agentsToday.clear(),
    ...(state.agentQueueToday ? { agentQueueToday: state.agentQueueToday.clear() } : {}),
  };
  for (const visit of state.visits.values()) {
    const p = placement(s, s.queues.get(visit.queue), visit);
    if (p) s = credit(add(s, visit.queue, p.bucket, p.agentKey, p.figures), visit, p, p.figures);
  }
  return s;
}

export type { Figures };
