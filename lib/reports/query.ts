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

/**
 * `GET /api/v1/reports/agents` (AGENTS contract): days or weeks only, so a finer page granularity
 * asks for days. `agents`: the chosen agents' keys; none asks for every agent.
 */
export function agentReportUrl(
  range: DayRange,
  interval: ReportInterval,
  scope: QueueScope,
  csv = false,
  agents: readonly string[] = [],
) {
  const p = new URLSearchParams({ from: range.from, to: range.to, interval: agentIntervalOf(interval) });
  scopeParams(p, scope);
  if (agents.length > 0) p.set('agents', agents.join(','));
  if (csv) p.set('format', 'csv');
  return `/api/v1/reports/agents?${p}`;
}

export function agentIntervalOf(interval: ReportInterval): 'day' | 'week' {
  return interval === 'week' ? 'week' : 'day';
}

/** The raw per-call list of one day as CSV (one row per queue visit). */
export function callsCsvUrl(day: string, scope: QueueScope): string {
  const p = new URLSearchParams({ day });
  scopeParams(p, scope);
  p.set('format', 'csv');
  return `/api/v1/reports/calls?${p}`;
}
