import {
  AGENT_SORT_KEYS,
  type AgentPageHead,
  type AgentReportRow,
  type AgentSort,
  type AgentSortKey,
  type AgentTotals,
  sortAgentRows,
} from './agentRows';

/**
 * One page of the agent report (`GET /api/v1/reports/agents?…&sort&dir&offset&limit`, docs/api.md):
 * the server sorts the whole report and sends `limit` rows from `offset`, with the count and the
 * totals of the whole report, so a browser never holds or sorts more than one page. Pure: the server
 * calls it on the rows of server/history/agentReport.ts.
 */

/** The most rows one page may ask for (a browser table stays a few hundred rows at most). */
export const MAX_PAGE_ROWS = 500;

/**
 * The whole report's figures (docs/metrics.md, "Agent report", totals): counters and seconds summed,
 * the longest talk their maximum, AHT of the sums, `missed` the sum of the known values (null when
 * none is known), and each state time the sum of the rows that know it (null when none does: 15
 * minutes and hours keep no time in state, so their totals do not either; never 0 for unknown).
 */
export function agentTotalsOf(rows: readonly AgentReportRow[]): AgentTotals {
  let answered = 0;
  let handled = 0;
  let talk = 0;
  let hold = 0;
  let wrap = 0;
  let longest = 0;
  let missed: number | null = null;
  const states = {
    readyMs: null as number | null,
    queueCallMs: null as number | null,
    otherCallMs: null as number | null,
    wrapUpMs: null as number | null,
    notReadyMs: null as number | null,
    loggedInMs: null as number | null,
  };
  const keys = Object.keys(states) as (keyof typeof states)[];
  for (const r of rows) {
    answered += r.answered;
    handled += r.handled;
    talk += r.talkSeconds;
    hold += r.holdSeconds;
    wrap += r.wrapSeconds;
    longest = Math.max(longest, r.longestTalkSeconds);
    if (r.missed !== null) missed = (missed ?? 0) + r.missed;
    for (const k of keys) {
      const v = r[k];
      if (v !== null) states[k] = (states[k] ?? 0) + v;
    }
  }
  return {
    answered,
    missed,
    handled,
    talkSeconds: talk,
    holdSeconds: hold,
    wrapSeconds: wrap,
    longestTalkSeconds: longest,
    ahtSeconds: handled > 0 ? (talk + hold + wrap) / handled : null,
    ...states,
  };
}

/** Each agent of the rows once, with the name of their latest row that has one; by name, then key. */
export function agentListOf(rows: readonly AgentReportRow[]): AgentPageHead['agentList'] {
  const latest = new Map<string, { start: number; name: string | null }>();
  for (const r of rows) {
    const seen = latest.get(r.agent);
    if (!seen) latest.set(r.agent, { start: r.start, name: r.name });
    else if (r.name !== null && r.start >= seen.start) latest.set(r.agent, { start: r.start, name: r.name });
  }
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return [...latest]
    .map(([agent, { name }]) => ({ agent, name }))
    .sort(
      (a, b) =>
        collator.compare(a.name ?? a.agent, b.name ?? b.agent) ||
        (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0),
    );
}

export interface AgentPageAsk extends AgentSort {
  readonly offset: number;
  /** Rows per page, or null for every row. */
  readonly limit: number | null;
  /** The agents picked, or every agent. */
  readonly agents: readonly string[] | 'all';
}

/**
 * `rows`: the whole report for every agent (the `agents` filter is applied here, after the picker's
 * list is taken). Returns the page's head and its rows; `sorted` is every picked row in order, for the
 * CSV, which writes them all.
 */
export function agentPageOf(
  rows: readonly AgentReportRow[],
  ask: AgentPageAsk,
): { head: AgentPageHead; page: readonly AgentReportRow[]; sorted: readonly AgentReportRow[] } {
  const agentList = agentListOf(rows);
  const wanted = ask.agents === 'all' ? null : new Set(ask.agents);
  const picked = wanted ? rows.filter((r) => wanted.has(r.agent)) : rows;
  const sorted = sortAgentRows(picked, ask);
  const page = ask.limit === null ? sorted : sorted.slice(ask.offset, ask.offset + ask.limit);
  return {
    head: {
      total: sorted.length,
      offset: ask.limit === null ? 0 : ask.offset,
      limit: ask.limit,
      sort: ask.key,
      dir: ask.dir,
      totals: agentTotalsOf(picked),
      agentList,
    },
    page,
    sorted,
  };
}

/**
 * The agent report's order and page from its query (docs/api.md, "Reports"): `sort` (a column,
 * default `period`), `dir` (`asc` default, or `desc`), `offset` (default 0) and `limit` (1–500;
 * absent: every row). A bad value is a 400 naming it, never a silent default.
 */
export function agentPageAskOf(
  q: URLSearchParams,
): { ok: true; value: AgentSort & { offset: number; limit: number | null } } | { ok: false; error: string } {
  const sort = q.get('sort') ?? 'period';
  if (!(AGENT_SORT_KEYS as readonly string[]).includes(sort))
    return { ok: false, error: `sort: expected one of ${AGENT_SORT_KEYS.join(', ')}` };
  const dir = q.get('dir') ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') return { ok: false, error: 'dir: expected asc or desc' };
  const offset = wholeNumber(q.get('offset') ?? '0');
  if (offset === null) return { ok: false, error: 'offset: expected a whole number ≥ 0' };
  const limitText = q.get('limit');
  const limit = limitText === null ? null : wholeNumber(limitText);
  if (limitText !== null && (limit === null || limit < 1 || limit > MAX_PAGE_ROWS))
    return { ok: false, error: `limit: expected a whole number from 1 to ${MAX_PAGE_ROWS}` };
  if (limit === null && q.has('offset') && offset > 0)
    return { ok: false, error: 'offset needs a limit (without one every row is sent)' };
  return { ok: true, value: { key: sort as AgentSortKey, dir, offset, limit } };
}

function wholeNumber(text: string): number | null {
  if (!/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}
