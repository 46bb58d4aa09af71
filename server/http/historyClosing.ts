/**
 * A day whose start-up close is still being written (server/history/dayClose.ts `closing`) has no
 * history rows yet: a report over it would show it as empty, which is not the truth. Reports name
 * such days in their JSON (`closing`) and, for CSV too, in this header, so a reader can ask again.
 */
export const CLOSING_HEADER = 'x-history-closing';

/** The days from `from` to `to` (YYYY-MM-DD, inclusive) still being closed, oldest first. */
export function closingWithin(
  closing: (() => readonly string[]) | undefined,
  from: string,
  to: string,
): string[] {
  return (closing?.() ?? []).filter((day) => day >= from && day <= to);
}
