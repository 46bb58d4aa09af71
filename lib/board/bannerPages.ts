/**
 * The kiosk's notices (sounding alerts and floor messages) in pages of at most `slots` lines, alerts
 * first: what does not fit takes its turn, page by page, as the queue and agent lists do, instead of
 * pushing the board off the screen or hiding a message behind "+N more". Pure.
 */
export interface BannerPage<A, M> {
  readonly alerts: readonly A[];
  readonly messages: readonly M[];
}

/** Both lists already in the order they show in (most urgent first); `slots` at least 1. */
export function bannerPages<A, M>(
  alerts: readonly A[],
  messages: readonly M[],
  slots: number,
): BannerPage<A, M>[] {
  const size = Math.max(1, Math.floor(slots) || 1);
  const lines: ({ alert: A } | { message: M })[] = [
    ...alerts.map((alert) => ({ alert })),
    ...messages.map((message) => ({ message })),
  ];
  const pages: BannerPage<A, M>[] = [];
  for (let i = 0; i < lines.length; i += size) {
    const page = lines.slice(i, i + size);
    pages.push({
      alerts: page.flatMap((l) => ('alert' in l ? [l.alert] : [])),
      messages: page.flatMap((l) => ('message' in l ? [l.message] : [])),
    });
  }
  return pages;
}

/**
 * The page to show now: pages turn with the rotation's `tick`, counted from `anchor` (the page shown
 * at the anchor's tick), so a page that was jumped to keeps its turn before the next.
 */
export function pageFrom(anchor: { tick: number; page: number }, tick: number, pages: number): number {
  const n = Math.max(1, pages);
  return (((anchor.page + tick - anchor.tick) % n) + n) % n;
}

/**
 * The page of the most urgent notice not among `known` (page by page, keys in showing order), or
 * null when every notice was known: a new notice is shown at once, not after the pages before it.
 */
export function pageOfNew(
  pageKeys: readonly (readonly string[])[],
  known: ReadonlySet<string>,
): number | null {
  const page = pageKeys.findIndex((keys) => keys.some((k) => !known.has(k)));
  return page === -1 ? null : page;
}
