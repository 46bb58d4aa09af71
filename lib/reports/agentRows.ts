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

/** The page's answer (`limit` given): one page of the server-sorted rows, the whole report's count and totals. */
export interface AgentReportPage extends AgentReport, AgentPageHead {}

/** What a paged answer says besides its rows (lib/reports/agentPage.ts). */
export interface AgentPageHead {
  /** Rows in the whole report (every page). */
  readonly total: number;
  readonly offset: number;
  /** Rows per page; null: every row (no `limit` asked). */
  readonly limit: number | null;
  readonly sort: AgentSortKey;
  readonly dir: 'asc' | 'desc';
  /** The whole report's figures (every period and agent of the range), not the page's. */
  readonly totals: AgentTotals;
  /** Every agent of the report before the `agents` filter, by name: what a picker offers. */
  readonly agentList: readonly { readonly agent: string; readonly name: string | null }[];
}

/** A report's totals: the figures of one period spanning the range and every agent in it. */
export type AgentTotals = Omit<AgentReportRow, 'period' | 'start' | 'agent' | 'name'>;

/** An agent row's figures, in the order the JSON, the CSV and the page show them. */
export const AGENT_FIGURE_COLUMNS = [
  'answered',
  'missed',
  'handled',
  'talkSeconds',
  'holdSeconds',
  'wrapSeconds',
  'longestTalkSeconds',
  'ahtSeconds',
  'readyMs',
  'queueCallMs',
  'otherCallMs',
  'wrapUpMs',
  'notReadyMs',
  'loggedInMs',
] as const satisfies readonly (keyof AgentReportRow)[];

/** The columns a report may be sorted by (`sort=`), the page's headers. */
export const AGENT_SORT_KEYS = ['period', 'agent', ...AGENT_FIGURE_COLUMNS] as const;
export type AgentSortKey = (typeof AGENT_SORT_KEYS)[number];
export interface AgentSort {
  readonly key: AgentSortKey;
  readonly dir: 'asc' | 'desc';
}

/**
 * The rows in `sort`'s order; ties by period, then agent key, so the order is total and a page read
 * twice is the same page (`period` ascending is the report's own order: period, then agent key).
 * `agent` sorts by name (the key when there is none), case-insensitively in one fixed locale ('en'),
 * so the server and any browser agree. Unknown figures (null) come after every known one, whichever the direction.
 */
export function sortAgentRows(rows: readonly AgentReportRow[], sort: AgentSort): AgentReportRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  const byKey = (a: AgentReportRow, b: AgentReportRow) =>
    a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0;
  const tie = (a: AgentReportRow, b: AgentReportRow) => a.start - b.start || byKey(a, b);
  const key = sort.key;
  if (key === 'period') return [...rows].sort((a, b) => sign * (a.start - b.start) || byKey(a, b));
  if (key === 'agent') {
    // Rank the distinct names once: a collator call per comparison is ~5× slower over 70,000 rows.
    const nameOf = (r: AgentReportRow) => r.name ?? r.agent;
    const rank = new Map<string, number>();
    for (const r of rows) rank.set(nameOf(r), 0);
    let i = 0;
    for (const n of [...rank.keys()].sort(collator.compare)) rank.set(n, i++);
    const rankOf = (r: AgentReportRow) => rank.get(nameOf(r)) as number;
    return [...rows].sort((a, b) => sign * (rankOf(a) - rankOf(b) || byKey(a, b)) || a.start - b.start);
  }
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? tie(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || tie(a, b);
  });
}

/** A header clicked: the same column flips direction; a new one starts with the largest first (names A→Z). */
export function nextSort(current: AgentSort, key: AgentSortKey): AgentSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'agent' || key === 'period' ? 'asc' : 'desc' };
}
