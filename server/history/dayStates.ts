import type { DomainState, Settings } from '../../lib/domain/state';
import type { AsyncJournalDays } from '../storage/journalDays';
import { journalHoldsFrom, windowOfDay } from './dayClose';
import { replayDayStateFrom } from './replayShared';

/**
 * A day's reduced state for the call list: today's is the live board's; a closed day's is rebuilt from
 * the journal while the journal still holds it. A rebuild reads the whole day (seconds for a busy
 * one, yielding to the live board as it goes), so one runs at a time: a second asker is told to come
 * back (429) rather than queue work without bound.
 */
export class DayUnavailable extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 429,
  ) {
    super(message);
    this.name = 'DayUnavailable';
  }
}

export interface DayStates {
  /** The state of `day` ("YYYY-MM-DD"): live for today, rebuilt for a closed day; throws DayUnavailable. */
  stateOf(day: string): Promise<DomainState>;
}

export function createDayStates(o: {
  /** The own journal (storage.asyncJournalDays) or, with DATABASE_URL, the shared one. */
  journal: AsyncJournalDays;
  live: () => DomainState;
  now: () => number;
  /** The journal's retention, days. */
  journalDays: number;
}): DayStates {
  let busy = false;
  return {
    async stateOf(day) {
      const live = o.live();
      const settings: Settings = live.settings;
      const w = windowOfDay(day, settings);
      if (!w) throw new DayUnavailable(`day: expected a day YYYY-MM-DD, got "${day}"`, 400);
      if (w.start === live.day.start) return live;
      if (w.start > live.day.start) throw new DayUnavailable(`${day} has not started yet`, 404);
      if (!journalHoldsFrom(await o.journal.firstArrivalAt(), w, o.now(), o.journalDays))
        throw new DayUnavailable(
          `${day} is no longer (or not) in the journal, which keeps ${o.journalDays} days: its calls are gone (its figures are in history)`,
          404,
        );
      if (busy)
        throw new DayUnavailable('another past day’s call list is being built: try again shortly', 429);
      busy = true;
      try {
        return await replayDayStateFrom(o.journal, settings, w.start);
      } finally {
        busy = false;
      }
    },
  };
}
