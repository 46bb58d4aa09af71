import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Settings } from '../../lib/domain/state';
import type { HistoryStore, HowClosed } from '../storage/history';
import type { JournalDays } from '../storage/journalDays';
import type { FromCloseThread, ToCloseThread } from './closeThread';
import { replayDay } from './replayDay';

/**
 * The heavy part of closing a past day: rebuilding it from the journal (a full replay of up to a busy
 * day's 500,000 events) and writing it. `inThreadDayWork` does it on the caller's thread (the replay
 * sliced so the event loop keeps turning); `onCloseThread` on a thread of its own with its own
 * connection to the database file, so the live board's event loop is not held up at all.
 */
export interface DayWork {
  /** Rebuild the day that starts at `dayStart` from the journal and write it as `how`. */
  rebuild(
    settings: Settings,
    dayStart: number,
    how: Exclude<HowClosed, 'live'>,
  ): Promise<{ day: string; queues: number }>;
  /** Waits for work under way, then ends the thread if there is one. */
  close(): Promise<void>;
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
      return { day: closed.day, queues: closed.queues.length };
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Day work on the day-close thread (closeThread.ts), started when there is work and ended when there
 * is none (the missed days once at start, a recount now and then: an idle thread would only hold
 * memory). Its connection syncs every commit (synchronous FULL): a day is written once.
 */
export function onCloseThread(o: { path: string; now: () => number; logger?: Logger }): DayWork {
  type Waiting = Map<number, { resolve(value: unknown): void; reject(err: Error): void }>;
  /** The thread taking jobs, and its jobs under way (a thread asked to end may still be ending). */
  let worker: { thread: Worker; waiting: Waiting } | null = null;
  let nextId = 0;
  const inFlight = new Set<Promise<unknown>>();
  const ending = new Set<Promise<void>>();

  /** Ask an idle thread to close its connection and end; resolves when it has. */
  function stop(w: Worker): Promise<void> {
    if (worker?.thread === w) worker = null;
    const ended = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    ending.add(ended);
    void ended.then(() => ending.delete(ended));
    w.postMessage({ t: 'close' } satisfies ToCloseThread);
    return ended;
  }

  function started(): { thread: Worker; waiting: Waiting } {
    if (worker) return worker;
    const w = new Worker(new URL('./closeThread.mjs', import.meta.url), { workerData: { path: o.path } });
    const waiting: Waiting = new Map();
    w.on('message', (m: FromCloseThread) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if ('error' in m) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
      if (waiting.size === 0 && worker?.thread === w) void stop(w);
    });
    w.on('error', (err) => o.logger?.error({ err }, 'day-close thread failed'));
    w.on('exit', (code) => {
      if (worker?.thread === w) worker = null;
      for (const p of waiting.values()) p.reject(new Error(`day-close thread stopped (exit code ${code})`));
      waiting.clear();
    });
    worker = { thread: w, waiting };
    return worker;
  }

  function send<T>(message: Exclude<ToCloseThread, { t: 'close' }>): Promise<T> {
    const job = new Promise<T>((resolve, reject) => {
      const { thread, waiting } = started();
      waiting.set(message.id, { resolve: resolve as (value: unknown) => void, reject });
      thread.postMessage(message);
    });
    inFlight.add(job);
    const done = () => inFlight.delete(job);
    job.then(done, done);
    return job;
  }

  return {
    rebuild: (settings, dayStart, how) =>
      send({ t: 'rebuild', id: nextId++, settings, dayStart, how, at: o.now() }),
    async close() {
      await Promise.allSettled([...inFlight]);
      if (worker) void stop(worker.thread);
      // Its connection closed before the caller closes the database.
      await Promise.all([...ending]);
    },
  };
}
