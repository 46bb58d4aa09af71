import { MAX_PAGE_ROWS } from '../../lib/reports/agentPage';
import { AGENT_SORT_KEYS, type AgentSort, type AgentSortKey } from '../../lib/reports/agentRows';

/**
 * The agent report's order and page from its query (docs/api.md, "Reports"): `sort` (a column,
 * default `period`), `dir` (`asc` default, or `desc`), `offset` (default 0) and `limit` (1–500;
 * absent: every row). A bad value is a 400 naming it, never a silent default.
 */
export function pageAskOf(
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
