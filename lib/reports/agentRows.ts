/**
 * The per-agent report's rows (`GET /api/v1/reports/agents`, AGENTS contract) and their order on the
 * page. Unknown figures (null: `missed` where no source can tell, `ahtSeconds` with nothing handled,
 * time in state in 15-minute and hour periods, which history keeps per day only)
 * sort after every known one, whichever the direction, so "unknown" never passes for the smallest.
 */
export interface AgentReportRow {
  readonly period: string;
  readonly start: number;
  readonly agent: string;
  readonly name: string | null;
  readonly answered: number;
  readonly missed: number | null;
  readonly handled: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapSeconds: number;
  readonly longestTalkSeconds: number;
  readonly ahtSeconds: number | null;
  readonly readyMs: number | null;
  readonly queueCallMs: number | null;
  readonly otherCallMs: number | null;
  readonly wrapUpMs: number | null;
  readonly notReadyMs: number | null;
  readonly loggedInMs: number | null;
}

export interface AgentReport {
  readonly from: string;
  readonly to: string;
  readonly interval: string;
  readonly timezone: string;
  /** Days of the range still being closed after a restart (lib/reports/closing.ts); older servers: absent. */
  readonly closing?: readonly string[];
  readonly rows: readonly AgentReportRow[];
}

export type AgentSortKey = 'period' | 'agent' | Exclude<keyof AgentReportRow, 'start' | 'name'>;
export interface AgentSort {
  readonly key: AgentSortKey;
  readonly dir: 'asc' | 'desc';
}

const nameOf = (r: AgentReportRow) => (r.name ?? r.agent).toLocaleLowerCase();

export function sortAgentRows(rows: readonly AgentReportRow[], sort: AgentSort): AgentReportRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const tie = (a: AgentReportRow, b: AgentReportRow) =>
    a.start - b.start || nameOf(a).localeCompare(nameOf(b));
  return [...rows].sort((a, b) => {
    if (sort.key === 'period') return sign * (a.start - b.start) || nameOf(a).localeCompare(nameOf(b));
    if (sort.key === 'agent') return sign * nameOf(a).localeCompare(nameOf(b)) || a.start - b.start;
    const x = a[sort.key] as number | null;
    const y = b[sort.key] as number | null;
    if (x === null || y === null) return x === y ? tie(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || tie(a, b);
  });
}

/** A header clicked: the same column flips direction; a new one starts with the largest first (names A→Z). */
export function nextSort(current: AgentSort, key: AgentSortKey): AgentSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'agent' || key === 'period' ? 'asc' : 'desc' };
}
