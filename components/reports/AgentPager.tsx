'use client';

import { useFormat } from '../board/Formats';

/** The rows per page a person may pick: a browser table stays small (lib/reports/agentPage.ts). */
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** "Rows 51–100 of 6,720", Previous / Next, and the rows per page. */
export function AgentPager({
  sort,
  offset,
  limit,
  total,
  onOffset,
  onLimit,
}: {
  /** The order the page shown was sorted in ("answered desc"): the server's answer, not the ask. */
  sort: string;
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
  onLimit: (limit: number) => void;
}) {
  const f = useFormat();
  const last = Math.min(offset + limit, total);
  return (
    <nav className="report-pager print:hidden" aria-label="Agent rows pages" data-testid="agents-pager">
      <span
        role="status"
        data-testid="agents-page-status"
        data-sort={sort}
        data-offset={offset}
        data-total={total}
      >
        {total === 0
          ? 'No rows'
          : `Rows ${f.count(Math.min(offset + 1, total))}–${f.count(last)} of ${f.count(total)}`}
      </span>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Previous
      </button>
      <button type="button" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        Next
      </button>
      <label>
        Rows per page{' '}
        <select value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
