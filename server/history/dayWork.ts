import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { type ClosedDay, rebuiltDayOf } from '../../lib/domain/closedDay';
import type { DomainState, Settings } from '../../lib/domain/state';
import type { HistoryStore, HowClosed } from '../storage/history';
import type { JournalDays } from '../storage/journalDays';
import type { FromCloseThread, ToCloseThread } from './closeThread';
import { boardTotalsOf } from './liveCheck';
import { replayDay } from './replayDay';

/**
 * The heavy part of closing a day: writing its rows, and for a past day rebuilding it from the
 * journal first (a full replay of up to a busy day's 500,000 events). `inThreadDayWork` does it on the caller's thread (the replay
 * sliced so the event loop keeps turning); `onCloseThread` on a thread of its own with its own
 * connection to the database file, so the live board's event loop is not held up at all.
 */
export interface DayWork {
  /**
   * Rebuild the day that starts at `dayStart` from the journal and write it as `how`. On the
   * day-close thread, from that day's restart checkpoint and the journal after it when one is usable
   * (`checkpoint`: its id; `skipped`: the checkpoints not used and why); in thread, always in full.
   */
  rebuild(settings: Settings, dayStart: number, how: Exclude<HowClosed, 'live'>): Promise<Rebuilt>;
  /** Write a closed day's rows as they are. In thread: written before this returns. */
  write(closed: ClosedDay, how: HowClosed): Promise<void>;
  /**
   * The live close of `closing` (the state of the day's last moment, handed over at the roll): all of
   * the day's rows (queues, agents, the agents' quarters) written as 'live' in one transaction. On the
   * day-close thread they are made from the day replayed there from the journal (its newest usable
   * checkpoint and the journal after it), so the main thread walks none of the day's visits and copies
   * only the board's queue counters, to check the journal's day against (`disagreeing`). In thread
   * (tests, tools), from `closing` itself: the rows the thread's replay must equal.
   */
  writeLive(closing: DomainState): Promise<LiveWritten>;
  /** Waits for work under way, then ends the thread if there is one. */
  close(): Promise<void>;
}

export interface Rebuilt {
  readonly day: string;
  readonly queues: number;
  readonly checkpoint: number | null;
  readonly skipped: readonly { readonly id: number; readonly reason: string }[];
  /** Where the time went, on the day-close thread (absent in thread). */
  readonly phases?: RebuildPhases;
}

/**
 * A rebuild on the day-close thread, in ms: the thread's boot (from `new Worker` until its module ran:
 * tsx and the storage modules; the same figure for every job), loading the replay's modules (the
 * first replay only), choosing and decoding the day's checkpoint, replaying the journal after it
 * (read, parse, reduce), the day's figures, the write.
 */
export interface RebuildPhases {
  readonly bootMs: number;
  readonly importMs: number;
  readonly checkpointMs: number;
  readonly replayMs: number;
  /** The day's rows from its last moment's state (rebuiltDayOf: queues, agents, agent quarters). */
  readonly figuresMs: number;
  readonly writeMs: number;
}

export interface LiveWritten extends Rebuilt {
  /** Agent quarter rows written. */
  readonly quarters: number;
  /** Queues whose day counters in the journal's day are not the board's (liveCheck.ts). */
  readonly disagreeing: readonly string[];
}

export function inThreadDayWork(o: {
  history: Pick<HistoryStore, 'writeDay'>;
  journal: JournalDays;
  now: () => number;
}): DayWork {
  return {
    async rebuild(settings, dayStart, how) {
      const closed = await replayDay(o.journal, settings, dayStart);
      o.history.writeDay(closed, how, o.now());
      return { day: closed.day, queues: closed.queues.length, checkpoint: null, skipped: [] };
    },
    write(closed, how) {
      try {
        o.history.writeDay(closed, how, o.now());
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    },
    async writeLive(closing) {
      const closed = rebuiltDayOf(closing);
      await o.history.writeDay(closed, 'live', o.now());
      return {
        day: closed.day,
        queues: closed.queues.length,
        quarters: closed.agentQuarters?.length ?? 0,
        checkpoint: null,
        skipped: [],
        disagreeing: [],
      };
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Day work on the day-close thread (closeThread.ts), started now so that it is ready at the roll, and
 * kept until close(): the live close then costs the main thread only a message (the day, its
 * settings, the board's queue counters); every row is made there (writeLive). Idle, it does not keep
 * the process alive. Its connection syncs every commit (synchronous FULL): a day is written once.
 */
export function onCloseThread(o: { path: string; now: () => number; logger?: Logger }): DayWork {
  let nextId = 0;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  const thread = new Worker(new URL('./closeThread.mjs', import.meta.url), {
    workerData: { path: o.path, startedAt: performance.timeOrigin + performance.now() },
  });
  let exited = false;
  const ended = new Promise<void>((resolve) =>
    thread.once('exit', (code) => {
      exited = true;
      for (const p of waiting.values()) p.reject(new Error(`day-close thread stopped (exit code ${code})`));
      waiting.clear();
      resolve();
    }),
  );
  thread.on('message', (m: FromCloseThread) => {
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0) thread.unref();
    if ('error' in m) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  thread.on('error', (err) => o.logger?.error({ err }, 'day-close thread failed'));
  thread.unref();

  function send<T>(message: Exclude<ToCloseThread, { t: 'close' }>): Promise<T> {
    if (exited) return Promise.reject(new Error('the day-close thread has stopped'));
    return new Promise<T>((resolve, reject) => {
      waiting.set(message.id, { resolve: resolve as (value: unknown) => void, reject });
      thread.ref();
      thread.postMessage(message);
    });
  }

  return {
    rebuild: (settings, dayStart, how) =>
      send({ t: 'rebuild', id: nextId++, settings, dayStart, how, at: o.now() }),
    write: (closed, how) => send({ t: 'write', id: nextId++, closed, how, at: o.now() }),
    writeLive: (closing) =>
      send({
        t: 'live',
        id: nextId++,
        settings: closing.settings,
        dayStart: closing.day.start,
        board: boardTotalsOf(closing),
        at: o.now(),
      }),
    async close() {
      // Jobs under way finish first (the thread runs them in order, the close after them); its
      // connection is closed before the caller closes the database.
      if (!exited) thread.postMessage({ t: 'close' } satisfies ToCloseThread);
      await ended;
    },
  };
}
