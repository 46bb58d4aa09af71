import { Map as IMap } from 'immutable';
import type { DomainEvent, QueueRef } from '../events';
import { ZERO } from '../figures';
import { provisionalQueueKeyOf, queueKeyOf, scopeOf, visitKeyOf } from '../keys';
import type { DomainState, QueueState } from '../state';
import { movedVisit } from '../visit';
import { moveQueueLinks } from './callQueues';
import { recount } from './visits';

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
    visits = visits.delete(visitKeyOf(v.queue, v.callId));
    visits = visits.set(visitKeyOf(toKey, v.callId), movedVisit(v, to.key));
  }
  const moved = moveQueueLinks(
    { ...state, queues, visits },
    to.scope,
    fromKey,
    toKey,
    moving.map((v) => v.callId),
  );
  return recount(moved);
}

export function withQueue(
  state: DomainState,
  key: string,
  update: (q: QueueState) => QueueState,
): DomainState {
  const q = state.queues.get(key);
  return q ? { ...state, queues: state.queues.set(key, update(q)) } : state;
}
