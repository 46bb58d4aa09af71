import type { AgentState, DriftCounts, DriftKind, QueueRef } from './events';
import { provisionalQueueKeyOf, queueKeyOf, scopeOf } from './keys';
import type { DomainState, QueueState } from './state';

/**
 * The self-check's comparison (docs/metrics.md, "Drift"): what the board believes of one queue
 * against what the PBX reported just now. Pure; the link asks and heals, the reducer counts.
 */

/** The PBX's fresh picture of one queue, as a self-check got it. */
export interface QueueReport {
  readonly queue: QueueRef;
  /** Session ids of the callers waiting. */
  readonly waiting: readonly string[];
  /**
   * Agents by extension; `state` null where the report names members without their state (PortSIP
   * REST's agent list): then only who is a member is compared.
   */
  readonly agents: readonly { readonly extension: string; readonly state: AgentState | null }[];
}

/** One entry on which the board and the PBX disagree; `null` = not listed on that side. */
export type Difference =
  | {
      readonly kind: 'waitingCaller';
      readonly sessionId: string;
      readonly board: boolean;
      readonly pbx: boolean;
    }
  | {
      readonly kind: 'agentState';
      readonly extension: string;
      readonly board: AgentState | null;
      readonly pbx: AgentState | null;
    };

/** The board's queue a report names, without creating one (the reducer's keys, queueRef.ts). */
export function boardQueue(
  state: Pick<DomainState, 'queues' | 'queueIds'>,
  fact: { readonly source: string; readonly tenant?: string },
  ref: QueueRef,
): QueueState | undefined {
  const scope = scopeOf({ tenant: ref.tenant ?? fact.tenant, source: fact.source });
  if (ref.number !== undefined) {
    const q = state.queues.get(queueKeyOf(scope, ref.number));
    if (q) return q;
  }
  if (ref.id === undefined) return undefined;
  const idKey = provisionalQueueKeyOf(scope, ref.id);
  return state.queues.get(state.queueIds[idKey] ?? idKey);
}

/**
 * Every entry that differs. A list the board does not know (null: no source reported it yet) is
 * compared as empty: the PBX's callers and agents are then all differences the check heals.
 */
export function compareQueue(board: QueueState | undefined, report: QueueReport): Difference[] {
  const out: Difference[] = [];
  const waiting = new Set(report.waiting);
  for (const id of board?.waiting?.keys() ?? []) {
    if (!waiting.has(id)) out.push({ kind: 'waitingCaller', sessionId: id, board: true, pbx: false });
  }
  for (const id of waiting) {
    if (!board?.waiting?.has(id)) out.push({ kind: 'waitingCaller', sessionId: id, board: false, pbx: true });
  }
  const agents = new Map(report.agents.map((a) => [a.extension, a.state]));
  for (const [extension, a] of board?.agents ?? []) {
    if (!agents.has(extension)) out.push({ kind: 'agentState', extension, board: a.state, pbx: null });
  }
  for (const [extension, state] of agents) {
    const a = board?.agents?.get(extension);
    const differs = !a || (state !== null && a.state !== state);
    if (differs) out.push({ kind: 'agentState', extension, board: a?.state ?? null, pbx: state });
  }
  return out;
}

/** Names the entry a difference is about (the same entry may differ again later). */
export const differenceKey = (d: Difference) =>
  d.kind === 'waitingCaller' ? `w|${d.sessionId}` : `a|${d.extension}`;

/**
 * What a report fetched over a while (REST: two requests) disagrees with both before and after it:
 * a change the live feed announced meanwhile is not drift. Differences as seen after.
 */
export function persistent(before: readonly Difference[], after: readonly Difference[]): Difference[] {
  const seen = new Set(before.map(differenceKey));
  return after.filter((d) => seen.has(differenceKey(d)));
}

export function countByKind(differences: readonly Difference[]): DriftCounts {
  const counts: Record<DriftKind, number> = { waitingCaller: 0, agentState: 0 };
  for (const d of differences) counts[d.kind] += 1;
  return counts;
}
