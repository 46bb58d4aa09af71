import { callQueueId } from '../../lib/board/calls';
import { scopeOfKey } from '../../lib/board/queues';
import type { ExtensionView } from '../../lib/domain/view';
import type {
  AgentRow,
  CallView,
  Collection,
  PatchMessage,
  PatchOp,
  QueueWire,
  SnapshotMessage,
  SourceStatus,
  WireState,
} from '../../lib/protocol';

/**
 * What the viewers of one board may receive, decided on the server: the board's queues, their agents
 * and 15-minute buckets, the extensions of those agents, the calls of those queues, and the sources
 * that feed them. Nothing else is ever sent, not even the id of something removed.
 *
 * One ScopedView per board (a Socket.IO room), fed the hub's full snapshot and every full patch in
 * order; it keeps what it needs to decide membership that depends on state (which extensions are
 * agents of the board's queues, which queue a call belongs to). Patches keep the hub's seq, so an
 * empty patch is still sent: the client's gap detection stays exact. Pure: no I/O, no clock.
 */
export interface ScopedView {
  snapshot(full: SnapshotMessage): SnapshotMessage;
  patch(full: PatchMessage): PatchMessage;
}

const agentQueue = (rowId: string) => scopeOfKey(rowId);
const extensionKey = (row: Pick<AgentRow, 'queue' | 'extension'>) =>
  `${scopeOfKey(row.queue)}/${row.extension}`;

export function createScopedView(queueIds: readonly string[]): ScopedView {
  const queues = new Set(queueIds);
  const scopes = new Set(queueIds.map(scopeOfKey));
  const visibleQueues = new Map<string, { id: string; number: string | null }>(); // visible queues, by id
  const agentExtension = new Map<string, string>(); // visible agent row → extension key
  const extensionRefs = new Map<string, number>();
  const extensions = new Map<string, ExtensionView>(); // every extension: one may become visible
  const calls = new Map<string, CallView>(); // every call: a queue appearing may make one visible
  const webhookSources = new Set<string>();
  const sent: Record<'extensions' | 'calls' | 'sources', Set<string>> = {
    extensions: new Set(),
    calls: new Set(),
    sources: new Set(),
  };

  // The calls page's rule (lib/board/calls.ts) over the visible queues: its own queue, or dialled to one.
  const callVisible = (c: CallView): boolean => {
    const q = callQueueId(c, visibleQueues.values());
    return q !== null && queues.has(q);
  };
  // A tenant-keyed PortSIP link is no queue's scope; it feeds the queues whose scope is a tenant.
  const sourceVisible = (s: SourceStatus): boolean =>
    scopes.has(s.id) || (s.kind === 'portsip-wsi' && [...scopes].some((scope) => !webhookSources.has(scope)));

  // A source's agreement names the queue of its latest disagreement and that queue's counts: another
  // queue of the same PBX stays out of a display that does not show it (the summary stays).
  const shownSource = (s: SourceStatus): SourceStatus => {
    const agreement = s.drift?.agreement;
    if (!agreement?.last || queues.has(agreement.last.queue)) return s;
    const { last: _hidden, ...summary } = agreement;
    return { ...s, drift: { ...s.drift, agreement: summary } };
  };

  function addAgent(row: AgentRow): void {
    const key = extensionKey(row);
    const before = agentExtension.get(row.id);
    if (before === key) return;
    if (before !== undefined) dropAgent(row.id);
    agentExtension.set(row.id, key);
    extensionRefs.set(key, (extensionRefs.get(key) ?? 0) + 1);
  }
  function dropAgent(rowId: string): void {
    const key = agentExtension.get(rowId);
    if (key === undefined) return;
    agentExtension.delete(rowId);
    const n = (extensionRefs.get(key) ?? 1) - 1;
    if (n > 0) extensionRefs.set(key, n);
    else extensionRefs.delete(key);
  }

  function reset(state: WireState): void {
    visibleQueues.clear();
    agentExtension.clear();
    extensionRefs.clear();
    extensions.clear();
    webhookSources.clear();
    for (const s of state.sources) if (s.kind !== 'portsip-wsi') webhookSources.add(s.id);
    for (const q of state.queues)
      if (queues.has(q.id)) visibleQueues.set(q.id, { id: q.id, number: q.number });
    for (const a of state.agents) if (queues.has(a.queue)) addAgent(a);
    for (const e of state.extensions) extensions.set(e.id, e);
    calls.clear();
    for (const c of state.calls) calls.set(c.id, c);
  }

  return {
    snapshot(full) {
      reset(full.state);
      const s = full.state;
      const state: WireState = {
        ...s,
        sources: s.sources.filter(sourceVisible).map(shownSource),
        queues: s.queues.filter((q) => queues.has(q.id)),
        agents: s.agents.filter((a) => queues.has(a.queue)),
        buckets: s.buckets.filter((b) => queues.has(b.queue)),
        extensions: s.extensions.filter((e) => extensionRefs.has(e.id)),
        calls: s.calls.filter(callVisible),
      };
      sent.extensions = new Set(state.extensions.map((e) => e.id));
      sent.calls = new Set(state.calls.map((c) => c.id));
      sent.sources = new Set(state.sources.map((x) => x.id));
      return { ...full, state };
    },

    patch(full) {
      const ops: PatchOp[] = [];
      const later: PatchOp[] = [];
      let agentsChanged = false;
      let queuesRenumbered = false;
      for (const op of full.ops) {
        switch (op.collection) {
          case 'queues':
            if (!queues.has(op.id)) break;
            if (op.op === 'upsert') {
              const number = (op.value as QueueWire).number;
              if (visibleQueues.get(op.id)?.number !== number) queuesRenumbered = true;
              visibleQueues.set(op.id, { id: op.id, number });
            } else queuesRenumbered = visibleQueues.delete(op.id) || queuesRenumbered;
            ops.push(op);
            break;
          case 'agents':
            if (!queues.has(agentQueue(op.id))) break;
            agentsChanged = true;
            if (op.op === 'upsert') addAgent(op.value as AgentRow);
            else dropAgent(op.id);
            ops.push(op);
            break;
          case 'buckets':
            if (queues.has(agentQueue(op.id))) ops.push(op);
            break;
          case 'extensions':
            if (op.op === 'upsert') extensions.set(op.id, op.value as ExtensionView);
            else extensions.delete(op.id);
            later.push(op);
            break;
          case 'sources':
            if (op.op === 'upsert' && (op.value as SourceStatus).kind !== 'portsip-wsi')
              webhookSources.add(op.id);
            track(
              'sources',
              op.op === 'upsert' ? { ...op, value: shownSource(op.value as SourceStatus) } : op,
              op.op === 'upsert' && sourceVisible(op.value as SourceStatus),
              ops,
            );
            break;
          case 'calls':
            if (op.op === 'upsert') calls.set(op.id, op.value as CallView);
            else calls.delete(op.id);
            track('calls', op, op.op === 'upsert' && callVisible(op.value as CallView), ops);
            break;
        }
      }
      // Extensions last: this patch's agent changes decide which are visible now.
      for (const op of later) track('extensions', op, op.op === 'upsert' && extensionRefs.has(op.id), ops);
      if (agentsChanged) {
        for (const id of sent.extensions)
          if (!extensionRefs.has(id))
            track('extensions', { op: 'remove', collection: 'extensions', id }, false, ops);
        for (const id of extensionRefs.keys()) {
          const value = extensions.get(id);
          if (value && !sent.extensions.has(id))
            track('extensions', { op: 'upsert', collection: 'extensions', id, value }, true, ops);
        }
      }
      // A queue that appeared (or got its number) claims the calls dialled to it, and the reverse.
      if (queuesRenumbered)
        for (const [id, call] of calls) {
          const visible = callVisible(call);
          if (visible !== sent.calls.has(id))
            track(
              'calls',
              visible
                ? { op: 'upsert', collection: 'calls', id, value: call }
                : { op: 'remove', collection: 'calls', id },
              visible,
              ops,
            );
        }
      return { ...full, ops };
    },
  };

  /** Send an upsert when visible; a remove (or a change out of view) only for what this room was sent. */
  function track(c: 'extensions' | 'calls' | 'sources', op: PatchOp, visible: boolean, out: PatchOp[]): void {
    const ids = sent[c];
    if (visible) {
      ids.add(op.id);
      out.push(op);
    } else if (ids.delete(op.id)) {
      out.push({ op: 'remove', collection: c as Collection, id: op.id });
    }
  }
}
