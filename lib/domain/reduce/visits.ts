import { addFigures, contribution, type Figures, isZero, ZERO } from '../figures';
import { visitKeyOf } from '../keys';
import { type DomainState, type QueueState, thresholdsFor } from '../state';
import { bucketOf, inWindow } from '../time';
import { anchorOf, mergeVisit, newVisit, type Visit, type VisitFacts } from '../visit';

/**
 * Merge facts into one queue visit and move today's counters by the difference between the visit's
 * old and new contribution. Counters therefore always equal the sum over today's visits.
 */
export function applyVisitFacts(
  state: DomainState,
  queueKey: string,
  callId: string,
  facts: VisitFacts,
): DomainState {
  const key = visitKeyOf(queueKey, callId);
  const old = state.visits.get(key);
  const next = mergeVisit(old ?? newVisit(key, queueKey, callId), facts);
  if (old === next) return state;
  const anchor = anchorOf(next);
  // A stay that began before today belongs to a day whose figures are gone: keep nothing of it.
  if (anchor !== undefined && anchor < state.day.start && !old) return state;
  let s: DomainState = { ...state, visits: state.visits.set(key, next) };
  if (old) s = count(s, old, -1);
  return count(s, next, 1);
}

function counted(state: DomainState, visit: Visit): number | undefined {
  const anchor = anchorOf(visit);
  return anchor !== undefined && inWindow(state.day, anchor) ? anchor : undefined;
}

function count(state: DomainState, visit: Visit, sign: 1 | -1): DomainState {
  const anchor = counted(state, visit);
  const queue = state.queues[visit.queue];
  if (anchor === undefined || !queue) return state;
  const c = contribution(visit, thresholdsFor(state.settings, visit.queue));
  const bucket = bucketOf(state.day, anchor);
  // A bucket or agent row that drops back to zero is removed, so the state after a visit moved is
  // the same as if it had always been where it ended up.
  const buckets = { ...queue.buckets };
  const bucketFigures = addFigures(queue.buckets[bucket] ?? ZERO, c, sign);
  if (isZero(bucketFigures)) delete buckets[bucket];
  else buckets[bucket] = bucketFigures;
  const nextQueue: QueueState = { ...queue, today: addFigures(queue.today, c, sign), buckets };
  let agentsToday = state.agentsToday;
  if (visit.agent !== undefined && visit.outcome === 'answered') {
    const agentKey = `${queue.scope}/${visit.agent}`;
    const agentFigures = addFigures(agentsToday.get(agentKey) ?? ZERO, c, sign);
    agentsToday = isZero(agentFigures)
      ? agentsToday.delete(agentKey)
      : agentsToday.set(agentKey, agentFigures);
  }
  return { ...state, queues: { ...state.queues, [visit.queue]: nextQueue }, agentsToday };
}

/** Rebuild every counter from today's visits (after a settings change or a queue merge). */
export function recount(state: DomainState): DomainState {
  const queues: Record<string, QueueState> = {};
  for (const [key, q] of Object.entries(state.queues)) queues[key] = { ...q, today: ZERO, buckets: {} };
  let s: DomainState = { ...state, queues, agentsToday: state.agentsToday.clear() };
  for (const visit of state.visits.values()) s = count(s, visit, 1);
  return s;
}

export type { Figures };
