/**
 * Pages for the kiosk: when queues or agents do not fit the screen, the board shows them a page at a
 * time and rotates. Pure.
 */

/** Split items into pages of `perPage` (at least 1). Always at least one page, maybe empty. */
export function paginate<T>(items: readonly T[], perPage: number): T[][] {
  const size = Math.max(1, Math.floor(perPage) || 1);
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length > 0 ? pages : [[]];
}

export function pageCount(itemCount: number, perPage: number): number {
  const size = Math.max(1, Math.floor(perPage) || 1);
  return Math.max(1, Math.ceil(itemCount / size));
}

/** The page shown after `ticks` rotations, wrapping around; 0-based. */
export function pageAt(ticks: number, pages: number): number {
  const n = Math.max(1, pages);
  return ((Math.floor(ticks) % n) + n) % n;
}

/**
 * How many rows of `rowHeight` fit in `available` pixels (both measured from the rendered page, so
 * the count follows the viewport). At least 1: a page never shows nothing.
 */
export function rowsThatFit(available: number, rowHeight: number): number {
  if (!(rowHeight > 0) || !(available > 0)) return 1;
  return Math.max(1, Math.floor((available + 0.5) / rowHeight));
}

/** Columns × rows of cards of at least `minWidth` × `cardHeight` (plus `gap`) in a box. */
export function cardsThatFit(
  box: { width: number; height: number },
  card: { minWidth: number; height: number; gap: number },
): { columns: number; rows: number; perPage: number } {
  const columns = Math.max(1, Math.floor((box.width + card.gap) / (card.minWidth + card.gap)));
  const rows = Math.max(1, Math.floor((box.height + card.gap + 0.5) / (card.height + card.gap)));
  return { columns, rows, perPage: columns * rows };
}
