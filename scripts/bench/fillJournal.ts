import type { DomainEvent } from '../../lib/domain/events';
import type { Storage } from '../../server/storage';

/** Appends awaited together per round: a busy PBX's webhooks in flight at once. */
const FILL_ROUND = 500;

/**
 * Journals a synthetic day as webhooks would: `perEntry` events per entry, each received at its first
 * event's time, in rounds of concurrent appends. Resolves with the number of entries written.
 */
export async function fillJournal(
  storage: Storage,
  events: readonly DomainEvent[],
  perEntry: number,
): Promise<number> {
  let entries = 0;
  for (let i = 0; i < events.length; ) {
    const round: Promise<unknown>[] = [];
    for (let r = 0; r < FILL_ROUND && i < events.length; r++, i += perEntry) {
      const slice = events.slice(i, i + perEntry);
      const first = slice[0] as DomainEvent;
      round.push(
        storage.journal.append({
          source: first.source,
          kind: first.origin,
          receivedAt: first.at,
          events: slice,
        }),
      );
      entries += 1;
    }
    await Promise.all(round);
  }
  return entries;
}
