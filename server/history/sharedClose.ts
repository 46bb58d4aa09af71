import type { Logger } from 'pino';
import { rebuiltDayOf } from '../../lib/domain/closedDay';
import type { Settings } from '../../lib/domain/state';
import type { DayWindow } from '../../lib/domain/time';
import type { AsyncHistoryStore } from '../storage/asyncHistory';
import type { HowClosed } from '../storage/history';
import type { AsyncJournalDays } from '../storage/journalDays';
import { journalHoldsFrom, recountable } from './dayClose';
import { replayDayStateFrom } from './replayShared';
import { daysNotInHistory } from './sharedClosing';

const DAY_MS = 86_400_000;

/**
 * The day close of a cluster (DATABASE_URL): every closed day rebuilt from the shared journal and
 * written to the shared history, by the rules of dayClose.ts (the days the journal holds in full and
 * history has not; a recount only of a closed day still in the journal). Unlike the own path there is
 * no board state to write at the roll: whichever instance closes a day reads it whole from the
 * journal, which holds every instance's arrivals. Who closes is clusterHistory.ts's lease; every job
 * (a close of missed days, a recount) runs inside `exclusive`, the cluster's history lock, so no two
 * instances rebuild at once, and one at a time on this instance.
 */
export interface SharedCloser {
  /** Close every closed day the shared history lacks; resolves with the days written. */
  closeMissed(how: Exclude<HowClosed, 'recount'>): Promise<string[]>;
  /** The days a close of this instance has found and not yet written (oldest first). */
  closing(): readonly string[];
  recount(day: string): Promise<{ day: string; queues: number }>;
  /** Delete history older than `historyDays` before now. */
  prune(historyDays: number): Promise<void>;
}

export function createSharedCloser(o: {
  history: AsyncHistoryStore;
  journal: AsyncJournalDays;
  settings: () => Settings;
  now: () => number;
  journalDays: number;
  logger: Logger;
  /** Runs a job holding the cluster's history lock (clusterHistory.ts). */
  exclusive: <T>(run: () => Promise<T>) => Promise<T>;
}): SharedCloser {
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const turn = queue.then(() => o.exclusive(run));
    queue = turn.catch(() => {});
    return turn;
  }
  const pending = new Set<string>();

  const holds = (first: number | null, w: DayWindow) => journalHoldsFrom(first, w, o.now(), o.journalDays);

  // The same days every instance names as closing (sharedClosing.ts): the definition is one.
  const missedDays = (): Promise<DayWindow[]> =>
    daysNotInHistory({
      history: o.history,
      journal: o.journal,
      settings: o.settings(),
      now: o.now(),
      journalDays: o.journalDays,
    });

  async function rebuild(w: DayWindow, how: HowClosed): Promise<number> {
    const started = o.now();
    const state = await replayDayStateFrom(o.journal, o.settings(), w.start);
    const closed = rebuiltDayOf(state);
    await o.history.writeDay(closed, how, o.now());
    o.logger.info(
      { day: w.day, how, queues: closed.queues.length, ms: o.now() - started },
      'history written (shared)',
    );
    return closed.queues.length;
  }

  return {
    closeMissed: (how) =>
      serial(async () => {
        const written: string[] = [];
        // Found in turn, under the lock: another instance may have written some meanwhile.
        const days = await missedDays();
        for (const w of days) pending.add(w.day);
        try {
          for (const w of days) {
            await rebuild(w, how);
            pending.delete(w.day);
            written.push(w.day);
          }
        } finally {
          for (const w of days) pending.delete(w.day);
        }
        return written;
      }),
    closing: () => [...pending].sort(),
    recount: (day) =>
      serial(async () => {
        const first = await o.journal.firstArrivalAt();
        const w = recountable(day, o.settings(), o.now(), o.journalDays, (x) => holds(first, x));
        return { day, queues: await rebuild(w, 'recount') };
      }),
    async prune(historyDays) {
      try {
        const removed = await o.history.prune(o.now() - historyDays * DAY_MS);
        if (removed.closed > 0) o.logger.info({ removed, historyDays }, 'old history pruned');
      } catch (err) {
        o.logger.error({ err }, 'pruning history failed');
      }
    },
  };
}
