import type { AgentState } from '../domain/events';
import { engagementRank } from '../domain/view';
import { type AgentNow, type AgentSummary, agentNow } from './agents';

/**
 * The order of an agent board: filter, sort keys, a fresh sort (`agentIds`) and an order kept up to
 * date patch by patch (`orderAgents`). Pure.
 */

export type AgentSort = 'state' | 'name' | 'extension' | 'timeInState';
export const AGENT_SORTS: readonly AgentSort[] = ['state', 'name', 'extension', 'timeInState'];

/**
 * A string that sorts with `<` as a numeric-aware, case- and accent-blind collator would ("Agent 9"
 * before "agent 10"). Sorting thousands of agents on every patch with Intl.Collator.compare was the
 * kiosk's largest cost; keys are made once per distinct text.
 */
const sortKeys = new Map<string, string>();
const MAX_SORT_KEYS = 50_000;
export function sortKey(text: string): string {
  let key = sortKeys.get(text);
  if (key === undefined) {
    key = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(20, '0'));
    if (sortKeys.size >= MAX_SORT_KEYS) sortKeys.clear();
    sortKeys.set(text, key);
  }
  return key;
}
const compareKeys = (a: string, b: string): number => {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

export interface AgentFilter {
  /** Board queues (null: every queue). */
  readonly boardQueues: ReadonlySet<string> | null;
  /** One queue of the board, or null for all of them. */
  readonly queue: string | null;
  /** States to show; empty or null: all. */
  readonly states: ReadonlySet<AgentState> | null;
}

interface Row {
  readonly a: AgentSummary;
  readonly now: AgentNow;
}

function rowOf(a: AgentSummary, filter: AgentFilter): Row | null {
  const scope = filter.queue !== null ? new Set([filter.queue]) : filter.boardQueues;
  const now = agentNow(a, scope);
  if (now === null) return null;
  if (filter.states && filter.states.size > 0 && !filter.states.has(now.state)) return null;
  return { a, now };
}

const byId = (x: AgentSummary, y: AgentSummary) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
const byName = (x: AgentSummary, y: AgentSummary) =>
  compareKeys(x.name ?? x.extension, y.name ?? y.extension) || compareKeys(x.id, y.id) || byId(x, y);

/** A total order (the id breaks every tie), so an order kept up to date equals one sorted afresh. */
function comparator(sort: AgentSort): (x: Row, y: Row) => number {
  switch (sort) {
    case 'state':
      return (x, y) =>
        engagementRank(x.now.state) - engagementRank(y.now.state) ||
        x.now.since - y.now.since ||
        byName(x.a, y.a);
    case 'timeInState':
      return (x, y) => x.now.since - y.now.since || byName(x.a, y.a);
    case 'extension':
      return (x, y) =>
        compareKeys(x.a.extension, y.a.extension) || compareKeys(x.a.id, y.a.id) || byId(x.a, y.a);
    default:
      return (x, y) => byName(x.a, y.a);
  }
}

/**
 * The agent ids an agent board shows, filtered and sorted. 'state': most engaged first, then longest
 * in state; 'timeInState': longest first; 'name' and 'extension': numeric-aware.
 */
export function agentIds(agents: Iterable<AgentSummary>, filter: AgentFilter, sort: AgentSort): string[] {
  const rows: Row[] = [];
  for (const a of agents) {
    const row = rowOf(a, filter);
    if (row) rows.push(row);
  }
  return rows.sort(comparator(sort)).map((r) => r.a.id);
}

/** An agent board's order, kept between patches. */
export interface AgentOrder {
  readonly agents: Readonly<Record<string, AgentSummary>>;
  readonly filter: AgentFilter;
  readonly sort: AgentSort;
  readonly rows: readonly Row[];
  readonly ids: readonly string[];
}

/** Beyond this many changed agents a fresh sort is cheaper than moving them one by one. */
const MAX_MOVES = 200;

/**
 * `agentIds` kept up to date: after a patch only the agents whose summary changed move (binary
 * insertion); the others keep their relative order, which depends on nothing else. A patch changes a
 * handful of 5,000 agents, so this costs the handful, not a sort of everyone (property-tested equal).
 */
export function orderAgents(
  prev: AgentOrder | null,
  agents: Readonly<Record<string, AgentSummary>>,
  ids: readonly string[],
  filter: AgentFilter,
  sort: AgentSort,
): AgentOrder {
  const cmp = comparator(sort);
  const fresh = (): AgentOrder => {
    const rows = ids.flatMap((id) => {
      const a = agents[id];
      const row = a ? rowOf(a, filter) : null;
      return row ? [row] : [];
    });
    rows.sort(cmp);
    return { agents, filter, sort, rows, ids: rows.map((r) => r.a.id) };
  };
  if (!prev || prev.filter !== filter || prev.sort !== sort) return fresh();
  if (prev.agents === agents) return prev;
  const moved: AgentSummary[] = [];
  for (const id of ids) {
    const a = agents[id];
    if (a && a !== prev.agents[id]) moved.push(a);
  }
  if (moved.length > MAX_MOVES) return fresh();
  const rows = prev.rows.filter((r) => agents[r.a.id] === r.a);
  if (moved.length === 0 && rows.length === prev.rows.length) return { ...prev, agents };
  for (const a of moved) {
    const row = rowOf(a, filter);
    if (!row) continue;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(rows[mid] as Row, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    rows.splice(lo, 0, row);
  }
  return { agents, filter, sort, rows, ids: rows.map((r) => r.a.id) };
}
