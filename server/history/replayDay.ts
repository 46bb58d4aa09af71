import { type ClosedDay, closingDayOf } from '../../lib/domain/closedDay';
import { reduce, reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import { REPLAY_LOOKBACK_MS } from '../recorder';
import type { JournalDays } from '../storage/journalDays';

/**
 * A past day's figures rebuilt from the journal, through the same pure reducer as the live board:
 * the entries received from the day's start (minus the replay look-back, as a restart reads today)
 * until its end, stopping at the event that rolls the day (as the live board rolls there). Reads a
 * page at a time and yields to the event loop between pages, so the live board keeps its pace while
 * a 500,000-event day is recounted.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Events reduced between two yields: a few milliseconds of work, so the live board's lag stays low. */
const SLICE = 200;

/** Rebuild the day that starts at `dayStart` under `settings`; its figures at its last moment. */
export async function replayDay(
  journal: JournalDays,
  settings: Settings,
  dayStart: number,
): Promise<ClosedDay> {
  return closingDayOf(await replayDayState(journal, settings, dayStart));
}

/** The reduced state of that day's last moment (its visits and calls too: the call list reads them). */
export async function replayDayState(
  journal: JournalDays,
  settings: Settings,
  dayStart: number,
): Promise<DomainState> {
  let state: DomainState = initialState(settings, dayStart);
  const day = state.day;
  for (const page of journal.pages(day.start - REPLAY_LOOKBACK_MS, day.end)) {
    for (let i = 0; i < page.length; i += SLICE) {
      const slice = page.slice(i, i + SLICE);
      const next = reduceAll(state, slice);
      if (next.day.day !== day.day) {
        // The day rolled inside this slice: the live board stopped counting at that event.
        for (const event of slice) {
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
