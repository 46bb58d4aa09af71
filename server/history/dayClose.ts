import type { Logger } from 'pino';
import type { DomainState, Settings } from '../../lib/domain/state';
import { type DayWindow, dayWindow } from '../../lib/domain/time';
import type { HistoryStore } from '../storage/history';
import type { JournalDays } from '../storage/journalDays';
import { type DayWork, inThreadDayWork } from './dayWork';

const DAY_MS = 86_400_000;

/**
 * Writes each day's history when it closes:
 * - live, at the roll (the hub hands over the state of the day's last moment; on the day-close
 *   thread the day is replayed from the journal there and every row made there);
 * - at start, for every day the journal still holds in full that closed while the server was down
 *   (or before history existed), rebuilt from the journal off the live path;
 * - on an admin's recount, replacing that day's rows.
 * One close or recount runs at a time; each day is written in one transaction (HistoryStore). The
 * writes, and the replay of a past day, are `work` (dayWork.ts): on this thread unless the caller
 * gives the day-close thread.
 */
export interface DayCloser {
  /** Close the days missed while stopped; resolves with the days written. */
  closeMissed(): Promise<string[]>;
  /**
   * The days a close of missed days has yet to write (oldest first): until then their history is not
   * there, and /readyz and the reports say so rather than show the day as empty.
   */
  closing(): readonly string[];
  /** Rebuild one closed day still in the journal; refuses (RecountRefused) any other day. */
  recount(day: string): Promise<{ day: string; queues: number }>;
  /** Delete history older than `historyDays` before now. */
  prune(historyDays: number): void;
}

/**
 * The closed days (before today) from the journal's first arrival, or from the journal's retention
 * when that is later: where a start-up close looks for days history lacks. Both closers ask it.
 */
export function closedDaysSince(
  first: number | null,
  settings: Settings,
  now: number,
  journalDays: number,
): DayWindow[] {
  if (first === null) return [];
  const today = dayWindow(now, settings.timezone, settings.dayStartsAt);
  const oldest = Math.max(first, now - journalDays * DAY_MS);
  const days: DayWindow[] = [];
  for (
    let w = dayWindow(oldest, settings.timezone, settings.dayStartsAt);
    w.end <= today.start;
    w = dayWindow(w.end, settings.timezone, settings.dayStartsAt)
  )
    days.push(w);
  return days;
}

/**
 * The window of a day a recount may rebuild: a real day (else 422), already closed (else 409), and
 * still whole in the journal (else 404). Both closers (this file's and sharedClose.ts) ask it.
 */
export function recountable(
  day: string,
  settings: Settings,
  now: number,
  journalDays: number,
  inJournal: (w: DayWindow) => boolean,
): DayWindow {
  const w = windowOfDay(day, settings);
  if (!w) throw new RecountRefused(`no such day: ${day} (expected YYYY-MM-DD)`, 422);
  const today = dayWindow(now, settings.timezone, settings.dayStartsAt);
  if (w.end > today.start) throw new RecountRefused(`${day} has not closed yet`, 409);
  if (!inJournal(w))
    throw new RecountRefused(
      `${day} is no longer (or not) in the journal, which keeps ${journalDays} days`,
      404,
    );
  return w;
}

export class RecountRefused extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 422,
  ) {
    super(message);
    this.name = 'RecountRefused';
  }
}

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The window of the day labelled `day` ("YYYY-MM-DD") under these settings, or null if none is. */
export function windowOfDay(day: string, settings: Settings): DayWindow | null {
  if (!DAY_PATTERN.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let w = dayWindow(Date.UTC(y, m - 1, d, 12), settings.timezone, settings.dayStartsAt);
  // A zone far from UTC, or a late day start, can put noon UTC in the day before or after.
  for (let i = 0; i < 3 && w.day !== day; i++)
    w = dayWindow(w.day < day ? w.end : w.start - 1, settings.timezone, settings.dayStartsAt);
  return w.day === day ? w : null;
}

/** Whether the journal still holds the whole of this day (and anything at all of it). */
export function journalHolds(journal: JournalDays, w: DayWindow, now: number, journalDays: number): boolean {
  return journalHoldsFrom(journal.firstArrivalAt(), w, now, journalDays);
}

/** journalHolds with the journal's first arrival read already (an async journal's). */
export function journalHoldsFrom(
  first: number | null,
  w: DayWindow,
  now: number,
  journalDays: number,
): boolean {
  return first !== null && first < w.end && w.start >= now - journalDays * DAY_MS;
}

export function createDayCloser(o: {
  history: HistoryStore;
  journal: JournalDays;
  /** Today's settings: a missed or recounted day is counted under them. */
  settings: () => Settings;
  now: () => number;
  /** The journal's retention: a day that started before now − this is partly pruned already. */
  journalDays: number;
  logger: Logger;
  /** Where days are written and past days replayed (default: on this thread, the replay sliced). */
  work?: DayWork;
  /**
   * Resolves once the journal holds what the board has applied (recorder.whenSettled): the live
   * close's rows are made from the journal on the day-close thread. Default: at once.
   */
  settled?: () => Promise<unknown>;
}): DayCloser & {
  /** Write the day of `closing` (its last moment); resolves when written or failed (logged). */
  closeLive(closing: DomainState): Promise<void>;
} {
  const work = o.work ?? inThreadDayWork({ history: o.history, journal: o.journal, now: o.now });
  let queue: Promise<unknown> = Promise.resolve();
  /** One at a time: a recount must not interleave with the start-up close of the same day. */
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const turn = queue.then(run);
    queue = turn.catch(() => {});
    return turn;
  }

  const inJournal = (w: DayWindow) => journalHolds(o.journal, w, o.now(), o.journalDays);
  /** Days a closeMissed has found to write, per closeMissed still to end (a second start-up close may queue behind). */
  const pending = new Map<string, number>();
  const hold = (day: string, by: 1 | -1) => {
    const n = (pending.get(day) ?? 0) + by;
    if (n > 0) pending.set(day, n);
    else pending.delete(day);
  };

  /** The closed days the journal holds in full that history has not: what closeMissed writes. */
  function missedDays(): DayWindow[] {
    const first = o.journal.firstArrivalAt();
    return closedDaysSince(first, o.settings(), o.now(), o.journalDays).filter(
      (w) => inJournal(w) && !o.history.isClosed(w.day),
    );
  }

  async function rebuild(w: DayWindow, how: 'startup' | 'recount') {
    const started = o.now();
    const closed = await work.rebuild(o.settings(), w.start, how);
    for (const { id, reason } of closed.skipped)
      o.logger.info({ day: w.day, checkpoint: id, reason }, 'checkpoint not used for the close');
    o.logger.info(
      {
        day: w.day,
        how,
        queues: closed.queues,
        checkpoint: closed.checkpoint,
        ms: o.now() - started,
        phases: closed.phases,
      },
      'history written',
    );
    return closed;
  }

  return {
    closeLive(closing) {
      // The board goes on; the next start closes the day from the journal instead.
      const day = closing.day.day;
      const failed = (err: unknown) =>
        o.logger.error({ err, day }, 'writing the closed day to history failed');
      const started = o.now();
      try {
        // Every row is `work`'s (dayWork.ts): on the day-close thread, from the day replayed there.
        const write = () => work.writeLive(closing);
        return (o.settled ? o.settled().then(write) : write()).then((written) => {
          for (const { id, reason } of written.skipped)
            o.logger.info({ day, checkpoint: id, reason }, 'checkpoint not used for the close');
          o.logger.info(
            {
              day,
              how: 'live',
              queues: written.queues,
              agentQuarters: written.quarters,
              checkpoint: written.checkpoint,
              ms: o.now() - started,
              phases: written.phases,
            },
            'day closed: history written',
          );
          if (written.disagreeing.length > 0)
            o.logger.warn(
              { day, disagreeing: written.disagreeing.slice(0, 20), count: written.disagreeing.length },
              "the journal's day differs from the board's for these queues (history has the journal's, as a recount would)",
            );
        }, failed);
      } catch (err) {
        failed(err);
        return Promise.resolve();
      }
    },
    closeMissed() {
      // Known at once (not when its turn comes): a report asked meanwhile must not show them as empty.
      let found: string[] = [];
      try {
        found = missedDays().map((w) => w.day);
      } catch {
        // Storage failing now fails the close in its turn (below), as a rejection, not a throw here.
      }
      for (const day of found) hold(day, 1);
      const done = new Set<string>();
      const release = (day: string) => {
        if (found.includes(day) && !done.has(day)) hold(day, -1);
        done.add(day);
      };
      return serial(async () => {
        const written: string[] = [];
        try {
          // Found again in turn: an earlier close may have written some meanwhile.
          for (const w of missedDays()) {
            await rebuild(w, 'startup');
            release(w.day);
            written.push(w.day);
          }
        } finally {
          for (const day of found) release(day);
        }
        return written;
      });
    },
    closing: () => [...pending.keys()].sort(),
    recount: (day) =>
      serial(async () => {
        const w = recountable(day, o.settings(), o.now(), o.journalDays, inJournal);
        const closed = await rebuild(w, 'recount');
        return { day, queues: closed.queues };
      }),
    prune(historyDays) {
      try {
        const removed = o.history.prune(o.now() - historyDays * DAY_MS);
        if (removed.closed > 0) o.logger.info({ removed, historyDays }, 'old history pruned');
      } catch (err) {
        o.logger.error({ err }, 'pruning history failed');
      }
    },
  };
}
