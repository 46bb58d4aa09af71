import type { Logger } from 'pino';
import type { Settings } from '../../lib/domain/state';
import type { Hub } from '../hub/hub';
import type { Storage } from '../storage';
import { createDayCloser } from './dayClose';
import { onCloseThread } from './dayWork';

const HOUR_MS = 3600_000;

/**
 * History's part of the process: closes each day live at its roll, closes the days missed while
 * stopped once the start-up replay is done (in the background: the board is live meanwhile), and
 * prunes history past `historyDays()` at start and every hour. Replays and writes run on the
 * day-close thread (dayWork.ts), with its own connection to the database file: a busy day's replay
 * takes seconds, and the live board must not wait for it.
 */
export function startHistory(o: {
  storage: Pick<Storage, 'history' | 'journalDays' | 'path'>;
  hub: Pick<Hub, 'onDayClosed'>;
  settings: () => Settings;
  historyDays: () => number;
  journalDays: number;
  now: () => number;
  logger: Logger;
  /** The recorder's whenSettled: the live close's rows are read from the journal (dayClose.ts). */
  whenSettled?: <T>(run: () => T) => Promise<T>;
}) {
  const whenSettled = o.whenSettled;
  const work = onCloseThread({ path: o.storage.path, now: o.now, logger: o.logger });
  const closer = createDayCloser({
    history: o.storage.history,
    journal: o.storage.journalDays,
    settings: o.settings,
    now: o.now,
    journalDays: o.journalDays,
    logger: o.logger,
    work,
    settled: whenSettled && (() => whenSettled(() => undefined)),
  });
  let live: Promise<unknown> = Promise.resolve();
  const unsubscribe = o.hub.onDayClosed((closing) => {
    live = Promise.all([live, closer.closeLive(closing)]);
  });
  const closeMissed = () =>
    closer.closeMissed().catch((err: unknown) => {
      o.logger.error({ err }, 'closing the days missed while stopped failed');
      return [] as string[];
    });
  const missed = closeMissed();
  let closing: Promise<unknown> = missed;
  closer.prune(o.historyDays());
  const timer = setInterval(() => closer.prune(o.historyDays()), HOUR_MS);
  timer.unref();
  return {
    /** Resolves once the start-up close is done, with the days it wrote. */
    missed,
    /** The days a close of missed days has yet to write (the board is ready meanwhile). */
    closing: closer.closing,
    /**
     * Close again what has closed and is not in history: days the journal received after the start
     * (the demo's played yesterday, DEMO_DAY=yesterday). Resolves with the days written.
     */
    closeMissed(): Promise<string[]> {
      const run = closeMissed();
      closing = Promise.all([closing, run]);
      return run;
    },
    recount: closer.recount,
    async stop(): Promise<void> {
      clearInterval(timer);
      unsubscribe();
      // Storage closes after this: a close under way must not write into a closed database.
      await Promise.all([closing, live]);
      await work.close();
    },
  };
}
