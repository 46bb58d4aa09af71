import type { Map as IMap } from 'immutable';
import { asaSeconds, serviceLevel } from '../../lib/domain/figures';
import type { CallState, DomainState, ExtensionState, QueueState } from '../../lib/domain/state';
import { bucketLabel } from '../../lib/domain/time';
import { extensionView, queueView } from '../../lib/domain/view';
import type { AgentRow, BucketRow, CallView, Collection, PatchOp, QueueWire } from '../../lib/protocol';
import { forEachChange } from './mapDiff';

/**
 * The published view, one collection at a time, and the patch operations between two of them. A view
 * is rebuilt only for the entities whose domain object changed since the last publication: persistent
 * state makes "changed" an identity check.
 */

export interface Published {
  readonly state: DomainState;
  readonly queues: ReadonlyMap<string, unknown>;
  readonly agents: ReadonlyMap<string, unknown>;
  readonly buckets: ReadonlyMap<string, unknown>;
  readonly extensions: ReadonlyMap<string, unknown>;
  readonly calls: ReadonlyMap<string, unknown>;
}

export const EMPTY_PUBLISHED = (state: DomainState): Published => ({
  state,
  queues: new Map(),
  agents: new Map(),
  buckets: new Map(),
  extensions: new Map(),
  calls: new Map(),
});

export function callView(c: CallState): CallView | null {
  if (c.phase === 'ended') return null;
  return {
    id: c.key,
    direction: c.direction,
    caller: c.parties.caller ?? null,
    callerName: c.parties.callerName ?? null,
    callee: c.parties.callee ?? null,
    phase: c.phase,
    startedAt: c.startedAt,
    answeredAt: c.answeredAt ?? null,
    queue: c.queues[0] ?? null,
  };
}

function diffCollection<T>(
  collection: Collection,
  before: IMap<string, T>,
  after: IMap<string, T>,
  published: ReadonlyMap<string, unknown>,
  viewOf: (entity: T) => unknown | null,
  ops: PatchOp[],
): ReadonlyMap<string, unknown> {
  // Copied on the first op only: most changed calls are ended ones, which publish nothing.
  let next: Map<string, unknown> | null = null;
  const edit = () => {
    next ??= new Map(published);
    return next;
  };
  forEachChange(before, after, (id, _old, entity) => {
    const value = entity === undefined ? null : viewOf(entity);
    if (value === null) {
      if (published.has(id) && edit().delete(id)) ops.push({ op: 'remove', collection, id });
    } else if (JSON.stringify(value) !== JSON.stringify(published.get(id))) {
      edit().set(id, value);
      ops.push({ op: 'upsert', collection, id, value });
    }
  });
  return next ?? published;
}

/** A queue as sent: everything but its agents, which travel as their own rows. */
export function queueWire(state: DomainState, q: QueueState, now: number): QueueWire {
  const { agents, ...rest } = queueView(state, q.agents ? { ...q, agents: q.agents.clear() } : q, now);
  return { ...rest, agentsKnown: agents !== null };
}

export function agentRows(state: DomainState, q: QueueState): AgentRow[] {
  if (!q.agents) return [];
  return [...q.agents.values()].map((a) => ({
    id: `${q.key}/${a.extension}`,
    queue: q.key,
    extension: a.extension,
    name: state.extensions.get(`${q.scope}/${a.extension}`)?.name ?? null,
    state: a.state,
    since: a.since,
    caller: a.state === 'queueCall' ? (a.callerName ?? a.caller ?? null) : null,
  }));
}

export function bucketRows(state: DomainState, q: QueueState): BucketRow[] {
  return [...q.buckets].map(([bucket, f]) => ({
    id: `${q.key}/${bucket}`,
    queue: q.key,
    bucket,
    label: bucketLabel(state.day, bucket, state.settings.timezone),
    offered: f.offered,
    answered: f.answered,
    abandoned: f.abandoned,
    serviceLevel: serviceLevel(f),
    asaSeconds: asaSeconds(f),
  }));
}

/**
 * The rows a changed queue contributes to a row collection (agents, buckets): rows of queues that
 * did not change are kept as published; rows of changed queues are compared by value.
 */
function diffRows(
  collection: Collection,
  before: IMap<string, QueueState>,
  after: IMap<string, QueueState>,
  published: ReadonlyMap<string, unknown>,
  part: 'agents' | 'buckets',
  rowsOf: (q: QueueState) => readonly { id: string; queue: string }[],
  ops: PatchOp[],
  force: boolean,
): ReadonlyMap<string, unknown> {
  if (before === after && !force) return published;
  const changed = new Set<string>();
  for (const [id, q] of after) {
    const old = before.get(id);
    if (force || (old !== q && old?.[part] !== q[part])) changed.add(id);
  }
  for (const id of before.keys()) if (!after.has(id)) changed.add(id);
  if (changed.size === 0) return published;
  const next = new Map(published);
  const seen = new Set<string>();
  for (const id of changed) {
    const q = after.get(id);
    for (const row of q ? rowsOf(q) : []) {
      seen.add(row.id);
      if (JSON.stringify(row) !== JSON.stringify(published.get(row.id))) {
        next.set(row.id, row);
        ops.push({ op: 'upsert', collection, id: row.id, value: row });
      }
    }
  }
  for (const [rowId, row] of published) {
    if (changed.has((row as { queue: string }).queue) && !seen.has(rowId)) {
      next.delete(rowId);
      ops.push({ op: 'remove', collection, id: rowId });
    }
  }
  return next;
}

/**
 * What changed between the published view and `state`, and the new published view. `namesChanged`:
 * extensions were created, renamed or deleted, so agent rows (which show names) are re-rendered.
 */
export function publish(
  prev: Published,
  state: DomainState,
  now: number,
  namesChanged: boolean,
): { published: Published; ops: PatchOp[] } {
  const ops: PatchOp[] = [];
  const before = prev.state.queues;
  const queues = diffCollection<QueueState>(
    'queues',
    before,
    state.queues,
    prev.queues,
    (q) => queueWire(state, q, now),
    ops,
  );
  const agents = diffRows(
    'agents',
    before,
    state.queues,
    prev.agents,
    'agents',
    (q) => agentRows(state, q),
    ops,
    namesChanged,
  );
  const buckets = diffRows(
    'buckets',
    before,
    state.queues,
    prev.buckets,
    'buckets',
    (q) => bucketRows(state, q),
    ops,
    false,
  );
  const extensions = diffCollection<ExtensionState>(
    'extensions',
    prev.state.extensions,
    state.extensions,
    prev.extensions,
    extensionView,
    ops,
  );
  const calls = diffCollection<CallState>('calls', prev.state.calls, state.calls, prev.calls, callView, ops);
  return { published: { state, queues, agents, buckets, extensions, calls }, ops };
}
