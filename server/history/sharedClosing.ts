import type { Settings } from '../../lib/domain/state';
import type { DayWindow } from '../../lib/domain/time';
import type { AsyncHistoryStore } from '../storage/asyncHistory';
import type { AsyncJournalDays } from '../storage/journalDays';
import { closedDaysSince, journalHoldsFrom } from './dayClose';

/**
 * The days of a cluster (DATABASE_URL) still closing, read from what every instance shares (issue
 * #19, docs/scaling.md): a day that has ended, whose whole is in the shared journal, and that the
 * shared history does not hold yet. It is what the history lease's holder closes next
 * (sharedClose.ts asks the same), so every instance, holder or not, names the same days in /readyz
 * and in the reports' closing header until the holder's write commits, and none after. Derived from
 * the stores, not told by the holder: a lost message, or a holder that died mid-close, cannot leave
 * an instance saying "done" of a day whose history is not there.
 */
export async function daysNotInHistory(o: {
  history: Pick<AsyncHistoryStore, 'closedDays'>;
  journal: Pick<AsyncJournalDays, 'firstArrivalAt'>;
  settings: Settings;
  now: number;
  journalDays: number;
}): Promise<DayWindow[]> {
  const first = await o.journal.firstArrivalAt();
  const ended = closedDaysSince(first, o.settings, o.now, o.journalDays).filter((w) =>
    journalHoldsFrom(first, w, o.now, o.journalDays),
  );
  const oldest = ended[0];
  const newest = ended[ended.length - 1];
  if (!oldest || !newest) return [];
  // One query for the range (not one per day): /readyz is asked every few seconds by every prober.
  const written = new Set(await o.history.closedDays(oldest.start, newest.end));
  return ended.filter((w) => !written.has(w.day));
}

/**
 * daysNotInHistory as a probe may ask it: callers arriving while a read is under way share it, so
 * however many probes and reports ask at once, an instance runs one such read at a time.
 */
export function sharedClosingDays(o: {
  history: Pick<AsyncHistoryStore, 'closedDays'>;
  journal: Pick<AsyncJournalDays, 'firstArrivalAt'>;
  settings: () => Settings;
  now: () => number;
  journalDays: number;
}): () => Promise<string[]> {
  let reading: Promise<string[]> | null = null;
  return () => {
    reading ??= daysNotInHistory({
      history: o.history,
      journal: o.journal,
      settings: o.settings(),
      now: o.now(),
      journalDays: o.journalDays,
    })
      .then((days) => days.map((w) => w.day))
      .finally(() => {
        reading = null;
      });
    return reading;
  };
}
