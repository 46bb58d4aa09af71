import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import { REPLAY_LOOKBACK_MS } from '../recorder';
import type { AsyncJournalDays } from '../storage/journalDays';
import { SLICE, withinDay } from './replayDay';

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

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
      const next = withinDay(state, part);
      state = next.state;
      if (next.rolled) return state;
      await breathe();
    }
  }
  return state;
}
