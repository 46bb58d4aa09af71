import type { AgentTodayView } from '../domain/agentView';
import type { AgentState } from '../domain/events';
import type { ExtensionView, QueueView } from '../domain/view';
import { engagementRank } from '../domain/view';
import { scopeOfKey } from './queues';

/**
 * Agents across queues, for the agent board. An agent is one extension (`<scope>/<extension>`, the
 * id of its ExtensionView) that may sit in several queues; the board shows one card per agent, in
 * their most engaged state (docs/metrics.md). Pure.
 */

export interface Membership {
  readonly queue: string;
  readonly state: AgentState;
  readonly since: number;
  readonly caller: string | null;
  /** Today's raw counters in this queue (lib/domain/agentView.ts); absent from a server without them. */
  readonly today?: AgentTodayView;
}

export interface AgentSummary {
  /** `<scope>/<extension>`: the same key as the agent's ExtensionView. */
  readonly id: string;
  readonly extension: string;
  readonly name: string | null;
  /** Queue memberships, by queue id. */
  readonly queues: readonly Membership[];
}

export function summarizeAgents(queues: readonly QueueView[]): Map<string, AgentSummary> {
  const building = new Map<string, { extension: string; name: string | null; queues: Membership[] }>();
  for (const q of queues) {
    if (!q.agents) continue;
    const scope = scopeOfKey(q.id);
    for (const a of q.agents) {
      const id = `${scope}/${a.extension}`;
      let s = building.get(id);
      if (!s) {
        s = { extension: a.extension, name: a.name, queues: [] };
        building.set(id, s);
      }
      if (s.name === null && a.name !== null) s.name = a.name;
      s.queues.push(membershipOf(q.id, a));
    }
  }
  const out = new Map<string, AgentSummary>();
  for (const [id, s] of building) {
    s.queues.sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
    out.set(id, { id, ...s });
  }
  return out;
}

/**
 * The summaries after the queues in `changed` (changed, added or removed) changed: only the agents of
 * those queues (before or after) are summarised again, the rest keep their objects. The same result
 * as summarizeAgents(queues) (property-tested), at the cost of the patch instead of every agent.
 */
export function updateAgentSummaries(
  prev: Readonly<Record<string, AgentSummary>>,
  before: Readonly<Record<string, QueueView>>,
  queues: readonly QueueView[],
  changed: ReadonlySet<string>,
): Record<string, AgentSummary> {
  const byId = new Map(queues.map((q) => [q.id, q]));
  const order = new Map(queues.map((q, i) => [q.id, i]));
  const affected = new Set<string>();
  const agentsOf = (q: QueueView | undefined) => {
    if (!q?.agents) return;
    const scope = scopeOfKey(q.id);
    for (const a of q.agents) affected.add(`${scope}/${a.extension}`);
  };
  for (const id of changed) {
    agentsOf(before[id]);
    agentsOf(byId.get(id));
  }
  const next: Record<string, AgentSummary> = { ...prev };
  for (const id of affected) {
    const scope = scopeOfKey(id);
    const extension = id.slice(scope.length + 1);
    const inQueues = new Set<string>();
    for (const m of prev[id]?.queues ?? []) if (!changed.has(m.queue)) inQueues.add(m.queue);
    for (const qid of changed) {
      const q = byId.get(qid);
      if (q?.agents && scopeOfKey(q.id) === scope && q.agents.some((a) => a.extension === extension))
        inQueues.add(qid);
    }
    const list = [...inQueues]
      .flatMap((qid) => byId.get(qid) ?? [])
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const summary = summaryOf(id, extension, list);
    if (!summary) delete next[id];
    else {
      const old = prev[id];
      next[id] = old && sameAgent(old, summary) ? old : summary;
    }
  }
  return next;
}

function membershipOf(queue: string, a: NonNullable<QueueView['agents']>[number]): Membership {
  const m = { queue, state: a.state, since: a.since, caller: a.caller };
  return a.today ? { ...m, today: a.today } : m;
}

/** One agent's summary over the given queues (in board order), as summarizeAgents builds it. */
function summaryOf(id: string, extension: string, queues: readonly QueueView[]): AgentSummary | null {
  let name: string | null = null;
  const memberships: Membership[] = [];
  for (const q of queues) {
    const a = q.agents?.find((x) => x.extension === extension);
    if (!a) continue;
    if (name === null && a.name !== null) name = a.name;
    memberships.push(membershipOf(q.id, a));
  }
  if (memberships.length === 0) return null;
  memberships.sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
  return { id, extension, name, queues: memberships };
}

/** Same content: the store keeps the old object, so the agent's card does not re-render. */
export function sameAgent(a: AgentSummary, b: AgentSummary): boolean {
  if (a.id !== b.id || a.extension !== b.extension || a.name !== b.name) return false;
  if (a.queues.length !== b.queues.length) return false;
  return a.queues.every((m, i) => {
    const n = b.queues[i];
    return (
      !!n &&
      m.queue === n.queue &&
      m.state === n.state &&
      m.since === n.since &&
      m.caller === n.caller &&
      m.today === n.today
    );
  });
}

export interface AgentNow {
  readonly state: AgentState;
  /** Since when the agent is in that state (in the queue that gives it; the earliest on a tie). */
  readonly since: number;
  readonly caller: string | null;
  /** The queues (of those looked at) the agent sits in. */
  readonly queues: readonly string[];
}

/**
 * The agent's most engaged state over the given queues (all of theirs when `only` is omitted).
 * null when the agent sits in none of them.
 */
export function agentNow(agent: AgentSummary, only?: ReadonlySet<string> | null): AgentNow | null {
  let best: Membership | null = null;
  const queues: string[] = [];
  for (const m of agent.queues) {
    if (only && !only.has(m.queue)) continue;
    queues.push(m.queue);
    if (
      best === null ||
      engagementRank(m.state) < engagementRank(best.state) ||
      (m.state === best.state && m.since < best.since)
    )
      best = m;
  }
  if (best === null) return null;
  return { state: best.state, since: best.since, caller: best.caller, queues };
}

/**
 * "Ready" while the phone is offline: the queue will send calls nobody can take. Only when the
 * extension is known to be offline (`online === false`); unknown is not offline.
 */
export function readyWhileOffline(state: AgentState, extension: ExtensionView | undefined | null): boolean {
  return state === 'ready' && extension?.online === false;
}

/**
 * Why an agent is not ready, as the PBX says (PortSIP's presence note: "Lunch", "Break"), shown next
 * to the state. Only for Not Ready: a note left over from a break says nothing about a Ready agent.
 */
export function notReadyReason(
  state: AgentState,
  extension: ExtensionView | undefined | null,
): string | null {
  if (state !== 'notReady') return null;
  const note = extension?.presenceNote?.trim();
  return note ? note : null;
}
