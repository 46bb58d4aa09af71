import { Map as IMap } from 'immutable';
import { type MissedOffers, missedOf } from '../../lib/domain/agentMissed';
import { agentTodayOf } from '../../lib/domain/agentView';
import { entryServerTime } from '../../lib/domain/clocks';
import { asaSeconds, type Figures, serviceLevel } from '../../lib/domain/figures';
import type { DomainState, QueueAgent, QueueState } from '../../lib/domain/state';
import { bucketLabel } from '../../lib/domain/time';
import { queueCallOf } from '../../lib/domain/view';
import type { AgentRow, BucketRow, Collection, PatchOp } from '../../lib/protocol';
import { forEachChange } from './mapDiff';

/**
 * A queue's agents and buckets as they travel: one row each, apart from the queue. Publishing diffs a
 * changed queue's agents (or buckets) entity by entity, so one agent's change builds and compares
 * one row rather than the queue's ~100.
 */
function agentRow(state: DomainState, q: QueueState, a: QueueAgent, offers: MissedOffers): AgentRow {
  const since = entryServerTime(state, a, a.since);
  return {
    id: `${q.key}/${a.extension}`,
    queue: q.key,
    extension: a.extension,
    name: state.extensions.get(`${q.scope}/${a.extension}`)?.name ?? null,
    state: a.state,
    since,
    caller: a.state === 'queueCall' ? (a.callerName ?? a.caller ?? null) : null,
    call: queueCallOf(q.scope, a),
    today: agentTodayOf(state, q, a, since, missedOf(offers, q.key, a.extension)),
  };
}

function bucketRow(state: DomainState, q: QueueState, bucket: number, f: Figures): BucketRow {
  return {
    id: `${q.key}/${bucket}`,
    queue: q.key,
    bucket,
    label: bucketLabel(state.day, bucket, state.settings.timezone),
    offered: f.offered,
    answered: f.answered,
    abandoned: f.abandoned,
    answeredWithinSla: f.answeredWithinSla,
    shortAbandoned: f.shortAbandoned,
    overflowed: f.overflowed,
    serviceLevel: serviceLevel(f),
    asaSeconds: asaSeconds(f),
  };
}

export function agentRows(state: DomainState, q: QueueState, offers: MissedOffers): AgentRow[] {
  if (!q.agents) return [];
  return [...q.agents.values()].map((a) => agentRow(state, q, a, offers));
}

export function bucketRows(state: DomainState, q: QueueState): BucketRow[] {
  return [...q.buckets].map(([bucket, f]) => bucketRow(state, q, bucket, f));
}

const NO_AGENTS = IMap<string, QueueAgent>();
const NO_BUCKETS = IMap<number, Figures>();

/**
 * The row ops for one collection (agents or buckets) between two versions of the queues. Queues
 * whose part did not change keep their rows as published. `force` (names changed: agent rows show
 * names) rebuilds every queue's rows and compares them by value.
 */
export function diffRows(
  collection: Collection,
  before: IMap<string, QueueState>,
  after: IMap<string, QueueState>,
  published: ReadonlyMap<string, unknown>,
  part: 'agents' | 'buckets',
  state: DomainState,
  offers: MissedOffers,
  ops: PatchOp[],
  force: boolean,
): ReadonlyMap<string, unknown> {
  if (before === after && !force) return published;
  if (force) return rebuildRows(collection, after, published, part, state, offers, ops);
  // Copied on the first op only.
  let next: Map<string, unknown> | null = null;
  const upsert = (row: { id: string }) => {
    if (JSON.stringify(row) === JSON.stringify(published.get(row.id))) return;
    next ??= new Map(published);
    next.set(row.id, row);
    ops.push({ op: 'upsert', collection, id: row.id, value: row });
  };
  const remove = (id: string) => {
    if (!published.has(id)) return;
    next ??= new Map(published);
    next.delete(id);
    ops.push({ op: 'remove', collection, id });
  };
  forEachChange(before, after, (_id, old, q) => {
    const queue = (q ?? old) as QueueState;
    if (part === 'agents') {
      const was = old?.agents ?? NO_AGENTS;
      const now = q?.agents ?? NO_AGENTS;
      forEachChange(was, now, (_ext, a0, a1) => {
        if (a1) upsert(agentRow(state, queue, a1, offers));
        else if (a0) remove(`${queue.key}/${a0.extension}`);
      });
    } else {
      forEachChange(old?.buckets ?? NO_BUCKETS, q?.buckets ?? NO_BUCKETS, (bucket, _f0, f1) => {
        if (f1) upsert(bucketRow(state, queue, bucket, f1));
        else remove(`${queue.key}/${bucket}`);
      });
    }
  });
  return next ?? published;
}

/** Every queue's rows, compared by value; published rows no queue produces any more are removed. */
function rebuildRows(
  collection: Collection,
  after: IMap<string, QueueState>,
  published: ReadonlyMap<string, unknown>,
  part: 'agents' | 'buckets',
  state: DomainState,
  offers: MissedOffers,
  ops: PatchOp[],
): ReadonlyMap<string, unknown> {
  const next = new Map<string, unknown>();
  for (const q of after.values()) {
    for (const row of part === 'agents' ? agentRows(state, q, offers) : bucketRows(state, q)) {
      next.set(row.id, row);
      if (JSON.stringify(row) !== JSON.stringify(published.get(row.id)))
        ops.push({ op: 'upsert', collection, id: row.id, value: row });
    }
  }
  for (const id of published.keys()) if (!next.has(id)) ops.push({ op: 'remove', collection, id });
  return next;
}

/**
 * Agent rows whose today figures changed while their queue's agent list did not (a visit answered or
 * its talk known, a period closed by another queue's event, a ring missed): found by diffing the two
 * per agent × queue maps, and the keys whose missed count moved (missedTally.ts), in time proportional to the change (mapDiff.ts).
 * Rows already upserted are skipped.
 */
export function diffAgentFigureRows(
  prev: DomainState,
  state: DomainState,
  missedChanged: ReadonlySet<string>,
  offers: MissedOffers,
  published: ReadonlyMap<string, unknown>,
  ops: PatchOp[],
): ReadonlyMap<string, unknown> {
  const keys = new Set<string>(missedChanged);
  const collect = (key: string) => keys.add(key);
  if (prev.agentQueueToday !== state.agentQueueToday)
    forEachChange(
      prev.agentQueueToday ?? IMap<string, unknown>(),
      state.agentQueueToday ?? IMap<string, unknown>(),
      collect,
    );
  if (prev.agentStateTime !== state.agentStateTime)
    forEachChange(
      prev.agentStateTime ?? IMap<string, unknown>(),
      state.agentStateTime ?? IMap<string, unknown>(),
      collect,
    );
  if (keys.size === 0) return published;
  let next: Map<string, unknown> | null = null;
  for (const key of keys) {
    const bar = key.lastIndexOf('|');
    const q = state.queues.get(key.slice(0, bar));
    const a = q?.agents?.get(key.slice(bar + 1));
    if (!q || !a) continue;
    const row = agentRow(state, q, a, offers);
    if (JSON.stringify(row) === JSON.stringify(published.get(row.id))) continue;
    next ??= new Map(published);
    next.set(row.id, row);
    ops.push({ op: 'upsert', collection: 'agents', id: row.id, value: row });
  }
  return next ?? published;
}
