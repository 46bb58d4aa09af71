import type { AgentSort } from './agentRows';
import type { ReportInterval } from './intervals';
import type { DayRange } from './ranges';

/** Which queues a report covers: every queue, a board's queues, or chosen ones (docs/api.md). */
export type QueueScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'board'; readonly board: string }
  | { readonly kind: 'queues'; readonly queues: readonly string[] };

function scopeParams(p: URLSearchParams, scope: QueueScope): void {
  if (scope.kind === 'board') p.set('board', scope.board);
  if (scope.kind === 'queues' && scope.queues.length > 0) p.set('queues', scope.queues.join(','));
}

/** `GET /api/v1/reports/queues` for this range, granularity and scope; CSV with the same query. */
export function queueReportUrl(range: DayRange, interval: ReportInterval, scope: QueueScope, csv = false) {
  const p = new URLSearchParams({ from: range.from, to: range.to, interval });
  scopeParams(p, scope);
  if (csv) p.set('format', 'csv');
  return `/api/v1/reports/queues?${p}`;
}

/** The agent table's order and page: the server sorts and pages (docs/api.md). */
export interface AgentView extends AgentSort {
  readonly offset: number;
  /** Rows of the page; null: every row (Print report, components/reports/useAgentPrint.ts). */
  readonly limit: number | null;
}

/**
 * `GET /api/v1/reports/agents` (AGENTS contract) at the page's granularity: 15 minutes and hours read
 * the agent quarters (state times null there), days and weeks the agent days. `agents`: the chosen
 * agents' keys; none asks for every agent. `view`: the order, and the page for JSON; the CSV keeps the
 * order and holds every row (no offset or limit).
 */
export function agentReportUrl(
  range: DayRange,
  interval: ReportInterval,
  scope: QueueScope,
  csv = false,
  agents: readonly string[] = [],
  view?: AgentView,
) {
  const p = new URLSearchParams({ from: range.from, to: range.to, interval });
  scopeParams(p, scope);
  if (agents.length > 0) p.set('agents', agents.join(','));
  if (view) {
    p.set('sort', view.key);
    p.set('dir', view.dir);
    if (!csv && view.limit !== null) {
      p.set('offset', String(view.offset));
      p.set('limit', String(view.limit));
    }
  }
  if (csv) p.set('format', 'csv');
  return `/api/v1/reports/agents?${p}`;
}

/** Whether an agent report at this granularity has time in state (kept per day only: docs/metrics.md). */
export const agentStatesKnown = (interval: ReportInterval) => interval === 'day' || interval === 'week';

/** The raw per-call list of one day as CSV (one row per queue visit). */
export function callsCsvUrl(day: string, scope: QueueScope): string {
  const p = new URLSearchParams({ day });
  scopeParams(p, scope);
  p.set('format', 'csv');
  return `/api/v1/reports/calls?${p}`;
}
