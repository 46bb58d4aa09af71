import { describe, expect, it } from 'vitest';
import { MAX_PRINT_ROWS, printRefusal, printScopeNote } from './agentPrint';

describe('printing the agent report', () => {
  it('a page on paper says which rows it holds and where the rest are', () => {
    expect(printScopeNote({ offset: 50, rows: 50, total: 340 })).toBe(
      'Rows 51–100 of 340 — use Print report for all',
    );
    expect(printScopeNote({ offset: 300, rows: 40, total: 340 })).toBe(
      'Rows 301–340 of 340 — use Print report for all',
    );
    const f = (n: number) => new Intl.NumberFormat('en-US').format(n);
    expect(printScopeNote({ offset: 0, rows: 50, total: 6720 }, f)).toBe(
      'Rows 1–50 of 6,720 — use Print report for all',
    );
  });

  it('every row loaded (Print report, or a report of one page) says so', () => {
    expect(printScopeNote({ offset: 0, rows: 340, total: 340 })).toBe('All 340 rows of the report');
    expect(printScopeNote({ offset: 0, rows: 1, total: 1 })).toBe('The report’s only row');
    expect(printScopeNote({ offset: 0, rows: 0, total: 0 })).toBe('No rows');
  });

  it('prints up to the cap; over it, says why and what to do instead', () => {
    expect(printRefusal(MAX_PRINT_ROWS)).toBeNull();
    expect(printRefusal(MAX_PRINT_ROWS + 1)).toBe(
      `Print report prints at most ${MAX_PRINT_ROWS} rows; this report has ${MAX_PRINT_ROWS + 1}. ` +
        'Narrow the range, pick agents or a coarser granularity, or download the CSV (every row).',
    );
  });
});
