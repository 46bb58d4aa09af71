import { reduce, reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import { REPLAY_LOOKBACK_MS } from '../recorder';
import type { AsyncJournalDays } from '../storage/journalDays';

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Events reduced between two yields, as replayDay.ts: the live board's lag stays low. */
const SLICE = 200;

/**
 * A past day's last moment rebuilt from a journal read asynchronously (the shared one on PostgreSQL),
 * by the rule of replayDay.ts: entries received from the day's start minus the replay look-back until
 * its end, stopping at the event that rolls the day; yielding to the event loop between slices.
 */
export async function replayDayStateFrom(
  journal: AsyncJournalDays,
  settings: Settings,
  dayStart: number,
): Promise<DomainState> {
  let state = initialState(settings, dayStart);
  const day = state.day;
  for await (const page of journal.pages(day.start - REPLAY_LOOKBACK_MS, day.end)) {
    for (let i = 0; i < page.length; i += SLICE) {
      const part = page.slice(i, i + SLICE);
      const next = reduceAll(state, part);
      if (next.day.day !== day.day) {
        // The day rolled inside this slice: the live board stopped counting at that event.
        for (const event of part) {
          const after = reduce(state, event);
          if (after.day.day !== day.day) break;
          state = after;
        }
        return state;
      }
      state = next;
      await breathe();
    }
  }
  return state;
}
