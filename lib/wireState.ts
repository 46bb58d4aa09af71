import type { ExtensionView, QueueView } from './domain/view';
import type {
  AgentRow,
  BucketRow,
  CallView,
  PatchMessage,
  QueueWire,
  SourceStatus,
  WallboardState,
  WireState,
} from './protocol';

/**
 * The wire's state as a client works with it (lib/protocol.ts defines the messages): a snapshot's
 * rows assembled into queues with their agents, and a patch's operations applied. Pure, shared by the
 * browser store, the read API and the tests.
 */

type Agent = NonNullable<QueueView['agents']>[number];

function agentOf(row: AgentRow): Agent {
  return {
    extension: row.extension,
    name: row.name,
    state: row.state,
    since: row.since,
    caller: row.caller,
    call: row.call ?? null,
    // Optional on the wire (docs/api.md): a server without per-agent figures sends none.
    ...(row.today ? { today: row.today } : {}),
  };
}

function byExtension(a: Agent, b: Agent): number {
  return a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0;
}

function withAgents(q: QueueWire, agents: readonly Agent[] | undefined): QueueView {
  const { agentsKnown, ...rest } = q;
  return { ...rest, agents: agentsKnown ? [...(agents ?? [])].sort(byExtension) : null };
}

function wireOf(q: QueueView): QueueWire {
  const { agents, ...rest } = q;
  return { ...rest, agentsKnown: agents !== null };
}

/** A snapshot's state as a client works with it: each queue with its agents. */
export function assemble(wire: WireState): WallboardState {
  const agents = new Map<string, Agent[]>();
  for (const row of wire.agents) {
    const list = agents.get(row.queue);
    if (list) list.push(agentOf(row));
    else agents.set(row.queue, [agentOf(row)]);
  }
  const { agents: _rows, queues, ...rest } = wire;
  return { ...rest, queues: queues.map((q) => withAgents(q, agents.get(q.id))) };
}

type Flat = 'sources' | 'buckets' | 'extensions' | 'calls';

/**
 * Apply one patch's operations to a state (pure). Each touched collection is indexed once; a queue
 * whose agents changed is rebuilt, every other queue keeps its identity (so its row does not
 * re-render).
 */
export function applyPatch(state: WallboardState, patch: PatchMessage): WallboardState {
  const touched = new Map<Flat, Map<string, unknown>>();
  const collection = (c: Flat) => {
    let m = touched.get(c);
    if (!m) {
      m = new Map((state[c] as readonly { id: string }[]).map((v) => [v.id, v]));
      touched.set(c, m);
    }
    return m;
  };
  let queues: Map<string, QueueWire | null> | null = null; // null value: removed
  const agentChanges = new Map<string, Map<string, Agent | null>>();
  for (const op of patch.ops) {
    if (op.collection === 'queues') {
      queues ??= new Map();
      queues.set(op.id, op.op === 'remove' ? null : (op.value as QueueWire));
    } else if (op.collection === 'agents') {
      const slash = op.id.lastIndexOf('/');
      const queue = op.id.slice(0, slash);
      const changes = agentChanges.get(queue) ?? new Map<string, Agent | null>();
      agentChanges.set(queue, changes);
      changes.set(op.id.slice(slash + 1), op.op === 'remove' ? null : agentOf(op.value as AgentRow));
    } else if (op.op === 'remove') collection(op.collection).delete(op.id);
    else collection(op.collection).set(op.id, op.value);
  }
  const list = <T>(c: Flat): readonly T[] => {
    const m = touched.get(c);
    return m ? ([...m.values()] as T[]) : (state[c] as readonly T[]);
  };
  return {
    seq: patch.seq,
    serverTime: patch.serverTime,
    ...(state.buildId !== undefined ? { buildId: state.buildId } : {}),
    sources: list<SourceStatus>('sources'),
    queues:
      queues === null && agentChanges.size === 0
        ? state.queues
        : patchQueues(state.queues, queues, agentChanges),
    buckets: list<BucketRow>('buckets'),
    extensions: list<ExtensionView>('extensions'),
    calls: list<CallView>('calls'),
  };
}

function patchQueues(
  before: readonly QueueView[],
  queues: ReadonlyMap<string, QueueWire | null> | null,
  agentChanges: ReadonlyMap<string, ReadonlyMap<string, Agent | null>>,
): readonly QueueView[] {
  // Map keeps insertion order: existing queues stay where they were, new ones go last.
  const out = new Map<string, QueueView>(before.map((q) => [q.id, q]));
  for (const [id, wire] of queues ?? []) {
    if (wire === null) out.delete(id);
    else out.set(id, withAgents(wire, out.get(id)?.agents ?? undefined));
  }
  for (const [id, changes] of agentChanges) {
    const q = out.get(id);
    if (!q) continue; // the queue's removal came with this patch
    const agents = new Map((q.agents ?? []).map((a) => [a.extension, a]));
    for (const [extension, agent] of changes) {
      if (agent === null) agents.delete(extension);
      else agents.set(extension, agent);
    }
    out.set(id, withAgents(wireOf(q), [...agents.values()]));
  }
  return [...out.values()];
}
