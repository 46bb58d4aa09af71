import type { Map as IMap } from 'immutable';
import type { CallState, DomainState, ExtensionState, QueueState } from '../../lib/domain/state';
import { extensionView, queueView } from '../../lib/domain/view';
import type { CallView, Collection, PatchOp } from '../../lib/protocol';

/**
 * The published view, one collection at a time, and the patch operations between two of them. A view
 * is rebuilt only for the entities whose domain object changed since the last publication: persistent
 * state makes "changed" an identity check.
 */

export interface Published {
  readonly state: DomainState;
  readonly queues: ReadonlyMap<string, unknown>;
  readonly extensions: ReadonlyMap<string, unknown>;
  readonly calls: ReadonlyMap<string, unknown>;
}

export const EMPTY_PUBLISHED = (state: DomainState): Published => ({
  state,
  queues: new Map(),
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
  force = false,
): ReadonlyMap<string, unknown> {
  if (before === after && !force) return published;
  const next = new Map(published);
  for (const [id, entity] of after) {
    if (!force && before.get(id) === entity) continue; // unchanged since the last publication
    const value = viewOf(entity);
    if (value === null) {
      if (next.delete(id)) ops.push({ op: 'remove', collection, id });
    } else if (JSON.stringify(value) !== JSON.stringify(published.get(id))) {
      next.set(id, value);
      ops.push({ op: 'upsert', collection, id, value });
    }
  }
  for (const id of published.keys()) {
    if (!after.has(id)) {
      next.delete(id);
      ops.push({ op: 'remove', collection, id });
    }
  }
  return next;
}

/**
 * What changed between the published view and `state`, and the new published view. `namesChanged`:
 * extensions were created, renamed or deleted, so queue views (which show agent names) are re-rendered.
 */
export function publish(
  prev: Published,
  state: DomainState,
  now: number,
  namesChanged: boolean,
): { published: Published; ops: PatchOp[] } {
  const ops: PatchOp[] = [];
  const queues = diffCollection<QueueState>(
    'queues',
    prev.state.queues,
    state.queues,
    prev.queues,
    (q) => queueView(state, q, now),
    ops,
    namesChanged,
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
  return { published: { state, queues, extensions, calls }, ops };
}
