/**
 * Printing the agent report (docs/decisions.md, "Printing the agent report"). The page shows one
 * page of rows; "Print report" loads every row of the report (the API without `limit`) and prints
 * them, up to MAX_PRINT_ROWS. The browser's own print (Ctrl+P) prints what is loaded, and the paper
 * says which rows those are.
 */

/** The most rows Print report puts on paper: at 8 pt about 50 rows an A4 page, so ~40 pages. */
export const MAX_PRINT_ROWS = 2000;

type Count = (n: number) => string;

/**
 * The line on paper above the agent table: which rows of the report it holds. `rows` are the rows
 * loaded from `offset` (one page, or every row once Print report has loaded them).
 */
export function printScopeNote(
  p: { offset: number; rows: number; total: number },
  count: Count = String,
): string {
  if (p.total === 0) return 'No rows';
  if (p.offset === 0 && p.rows >= p.total)
    return p.total === 1 ? 'The report’s only row' : `All ${count(p.total)} rows of the report`;
  const first = Math.min(p.offset + 1, p.total);
  const last = Math.min(p.offset + p.rows, p.total);
  return `Rows ${count(first)}–${count(last)} of ${count(p.total)} — use Print report for all`;
}

/** Why Print report will not print a report this long (null: it will), and what to do instead. */
export function printRefusal(total: number, count: Count = String): string | null {
  if (total <= MAX_PRINT_ROWS) return null;
  return (
    `Print report prints at most ${count(MAX_PRINT_ROWS)} rows; this report has ${count(total)}. ` +
    'Narrow the range, pick agents or a coarser granularity, or download the CSV (every row).'
  );
}
