/**
 * A day whose start-up close is still being written (server/history/dayClose.ts `closing`) has no
 * history rows yet: a report over it would show it as empty, which is not the truth. Reports name
 * such days in their JSON (`closing`) and, for CSV too, in this header, so a reader can ask again.
 */
export const CLOSING_HEADER = 'x-history-closing';

/**
 * The days whose history is still being written, oldest first: this process's own close
 * (synchronous), or on a cluster every day the shared history lacks (server/history/sharedClosing.ts,
 * a read of PostgreSQL), so every instance names the same days.
 */
export type ClosingDays = () => readonly string[] | Promise<readonly string[]>;

/**
 * The days from `from` to `to` (YYYY-MM-DD, inclusive) still being closed, oldest first. Ask it
 * BEFORE reading the report's rows: a day it calls done is in history when the rows are read.
 */
export async function closingWithin(
  closing: ClosingDays | undefined,
  from: string,
  to: string,
): Promise<string[]> {
  return ((await closing?.()) ?? []).filter((day) => day >= from && day <= to);
}
