import type { Map as IMap } from 'immutable';
import { onServerTimeline } from '../../lib/domain/clocks';
import type { CallState, DomainState, ExtensionState, QueueState } from '../../lib/domain/state';
import { extensionView, queueView } from '../../lib/domain/view';
import type { CallView, Collection, PatchOp, QueueWire } from '../../lib/protocol';
import { forEachChange } from './mapDiff';
import type { MissedTally } from './missedTally';
import { diffAgentFigureRows, diffRows } from './rows';

export { agentRows, bucketRows } from './rows';

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

/** Times on the server's timeline (clocks.ts): a board subtracts them from the server's `now`. */
export function callView(state: Pick<DomainState, 'clocks'>, c: CallState): CallView | null {
  if (c.phase === 'ended') return null;
  const answeredAt = c.answeredAt === undefined ? null : onServerTimeline(state, c.source, c.answeredAt);
  return {
    id: c.key,
    direction: c.direction,
    caller: c.parties.caller ?? null,
    callerName: c.parties.callerName ?? null,
    callee: c.parties.callee ?? null,
    phase: c.phase,
    startedAt: onServerTimeline(state, c.source, c.startedAt),
    answeredAt,
    queue: c.queues[0] ?? null,
    agent: callAgent(c),
  };
}

/**
 * Who is on the call: the extension of its answered leg that has not ended (the latest answered, after
 * a transfer). null while it rings, waits in a queue, or when its source reports no legs.
 */
export function callAgent(c: Pick<CallState, 'legs'>): string | null {
  let best: { target: string; at: number } | null = null;
  for (const leg of Object.values(c.legs)) {
    if (leg.kind !== 'extension' || leg.status !== 'answered') continue;
    const at = leg.answeredAt ?? leg.statusAt;
    if (best === null || at >= best.at) best = { target: leg.target, at };
  }
  return best?.target ?? null;
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

/**
 * Every entity's view, compared by value: after a source's clock estimate moved, the views of
 * entities that did not change show other times (their `since` moves with the offset).
 */
function rebuildCollection<T>(
  collection: Collection,
  after: IMap<string, T>,
  published: ReadonlyMap<string, unknown>,
  viewOf: (entity: T) => unknown | null,
  ops: PatchOp[],
): ReadonlyMap<string, unknown> {
  const next = new Map<string, unknown>();
  for (const [id, entity] of after) {
    const value = viewOf(entity);
    if (value === null) continue;
    next.set(id, value);
    if (JSON.stringify(value) !== JSON.stringify(published.get(id)))
      ops.push({ op: 'upsert', collection, id, value });
  }
  for (const id of published.keys()) if (!next.has(id)) ops.push({ op: 'remove', collection, id });
  return next;
}

/** A queue as sent: everything but its agents, which travel as their own rows. */
export function queueWire(state: DomainState, q: QueueState, now: number): QueueWire {
  const { agents, ...rest } = queueView(state, q.agents ? { ...q, agents: q.agents.clear() } : q, now);
  return { ...rest, agentsKnown: agents !== null };
}

/**
 * What changed between the published view and `state`, and the new published view. `namesChanged`:
 * extensions were created, renamed or deleted, so agent rows (which show names) are re-rendered.
 * `missed`: the hub's tally of missed offers, brought to `state` here.
 */
export function publish(
  prev: Published,
  state: DomainState,
  now: number,
  namesChanged: boolean,
  missed: MissedTally,
): { published: Published; ops: PatchOp[] } {
  const ops: PatchOp[] = [];
  const before = prev.state.queues;
  // A new clock estimate moves the `since` of every view of its source: all are compared by value.
  const clocksChanged = prev.state.clocks !== state.clocks;
  // A gap recorded or repaired changes the view of every queue its source feeds.
  const gapsChanged = prev.state.gaps !== state.gaps;
  const queueOf = (q: QueueState) => queueWire(state, q, now);
  const callOf = (c: CallState) => callView(state, c);
  // Missed offers: recounted for the calls and visits that changed, never per row (missedTally.ts).
  const { offers, changed: missedChanged } = missed.update(state);
  const queues =
    clocksChanged || gapsChanged
      ? rebuildCollection('queues', state.queues, prev.queues, queueOf, ops)
      : diffCollection<QueueState>('queues', before, state.queues, prev.queues, queueOf, ops);
  const agents = diffRows(
    'agents',
    before,
    state.queues,
    prev.agents,
    'agents',
    state,
    offers,
    ops,
    // A new day moves every agent's `countedFrom` (time in state counts from the day's start).
    namesChanged || clocksChanged || prev.state.day.start !== state.day.start,
  );
  const agentRowsNow = diffAgentFigureRows(prev.state, state, missedChanged, offers, agents, ops);
  const buckets = diffRows(
    'buckets',
    before,
    state.queues,
    prev.buckets,
    'buckets',
    state,
    offers,
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
  const calls = clocksChanged
    ? rebuildCollection('calls', state.calls, prev.calls, callOf, ops)
    : diffCollection<CallState>('calls', prev.state.calls, state.calls, prev.calls, callOf, ops);
  return { published: { state, queues, agents: agentRowsNow, buckets, extensions, calls }, ops };
}
