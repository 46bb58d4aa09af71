import type { Logger } from 'pino';
import type { DomainEvent } from '../lib/domain/events';
import type { Settings } from '../lib/domain/state';
import { dayWindow } from '../lib/domain/time';
import { createClockStamp } from './clockStamp';
import type { Fence, FencedEntry } from './cluster/fence';
import type { Hub } from './hub/hub';
import type { AppendResult, Journal } from './storage/types';

/**
 * Between the sources and the hub: every event is journaled, so a restart can replay today.
 *
 * - Webhooks (`accept`): stored first, applied after the commit, and only then may the sender get its
 *   2xx. A duplicate (same idempotency key) is acknowledged but not applied again.
 * - Each webhook source's PBX clock is estimated here, where every one of its arrivals passes
 *   (clockStamp.ts).
 * - Live links (`ingest`, the WSI connector): applied at once and journaled in the background. A WSI
 *   event lost to a failing disk is not lost to the board (it is in the state), and the PBX re-sends
 *   the live picture as snapshots on every reconnect; the failure is logged and counted. A link
 *   run under a lease (server/cluster/linkOwnership.ts) hands its fence along: it goes into the entry,
 *   and a journal that checks fences refuses the write once the lease is lost.
 * - `whenSettled(run)`: runs `run` (a rebuild of today from the journal) when the journal holds
 *   exactly what the hub has applied. New input waits meanwhile (a few milliseconds: one commit), and
 *   every write already under way settles first. Without it, a live event applied but not yet
 *   committed was missing from the rebuilt day, and a webhook committed but not yet applied was
 *   counted twice (once by the rebuild, once when its append returned).
 */
export interface Recorder {
  accept(entry: FencedEntry): Promise<AppendResult>;
  ingest(events: readonly DomainEvent[], fence?: Fence): void;
  whenSettled<T>(run: () => T): Promise<T>;
  stats(): { journalFailures: number };
}

/** All the recorder asks of a journal: appends, fenced ones included (ignored where nothing fences). */
export interface FencedAppends {
  append(entry: FencedEntry): Promise<AppendResult>;
}

export function createRecorder(o: {
  journal: FencedAppends;
  hub: Pick<Hub, 'ingest'>;
  now: () => number;
  logger: Logger;
  /**
   * How long `whenSettled` waits for writes under way (default 5 s). A disk that stopped answering
   * must not hold the board's live input for longer: the rebuild then goes ahead without them, and
   * says so in the log.
   */
  settleTimeoutMs?: number;
  /** Starts timing one journal append; the result is called when it settled (GET /metrics' histogram). */
  timeJournalWrite?: () => () => void;
}): Recorder {
  let journalFailures = 0;
  const withClock = createClockStamp();
  /** Writes under way: a webhook's append and apply, a live batch's append. */
  const inFlight = new Set<Promise<unknown>>();
  /** While a `whenSettled` runs: the input that arrived meanwhile, in order, to run after it. */
  let held: (() => void)[] | null = null;
  let barriers: Promise<unknown> = Promise.resolve();
  let pending = 0;

  /** True once no write is under way (settled writes may start others); false after `timeoutMs`. */
  async function settled(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      while (inFlight.size > 0) {
        const done = await Promise.race([Promise.allSettled([...inFlight]).then(() => true), expired]);
        if (!done) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  const append = timedAppend(o.journal, o.timeJournalWrite);

  function track<T>(write: Promise<T>): Promise<T> {
    inFlight.add(write);
    const done = () => inFlight.delete(write);
    write.then(done, done);
    return write;
  }

  async function acceptNow(entry: FencedEntry): Promise<AppendResult> {
    const result = await append(entry);
    if (!result.duplicate && entry.events.length > 0) o.hub.ingest(entry.events);
    return result;
  }

  function ingestNow(events: readonly DomainEvent[], fence: Fence | undefined): void {
    const first = events[0];
    if (!first) return;
    o.hub.ingest(events);
    const entry = { source: first.source, kind: first.origin, receivedAt: o.now(), events };
    track(append(fence ? { ...entry, fence } : entry)).catch((err: unknown) => {
      journalFailures += 1;
      o.logger.error({ err, source: first.source, events: events.length }, 'journal write failed');
    });
  }

  return {
    accept(arrived) {
      const entry = withClock(arrived);
      if (held) {
        const later = held;
        return new Promise((resolve, reject) =>
          later.push(() => void track(acceptNow(entry)).then(resolve, reject)),
        );
      }
      return track(acceptNow(entry));
    },
    ingest(events, fence) {
      if (held) held.push(() => ingestNow(events, fence));
      else ingestNow(events, fence);
    },
    whenSettled(run) {
      // Input is held from this call on, until the last barrier queued by then has run.
      pending += 1;
      held ??= [];
      const turn = barriers.then(async () => {
        try {
          if (!(await settled(o.settleTimeoutMs ?? 5000)))
            o.logger.warn(
              { writes: inFlight.size },
              'rebuilding before the journal settled: it stopped answering',
            );
          return run();
        } finally {
          pending -= 1;
          if (pending === 0) {
            const waiting = held ?? [];
            held = null;
            for (const next of waiting) next();
          }
        }
      });
      barriers = turn.catch(() => {});
      return turn;
    },
    stats: () => ({ journalFailures }),
  };
}

/** Replay the journal into the hub in chunks (a busy day is 500,000 events), then publish once. */
export function replayJournal(
  journal: Pick<Journal, 'eventsReceivedSince'>,
  hub: Pick<Hub, 'ingest' | 'flush'>,
  fromMs: number,
  chunk = 5000,
  /** Only rows after this one (a checkpoint's position); 0: the whole range. */
  afterId = 0,
): number {
  let batch: DomainEvent[] = [];
  let count = 0;
  for (const event of journal.eventsReceivedSince(fromMs, afterId)) {
    batch.push(event);
    if (batch.length >= chunk) {
      hub.ingest(batch);
      count += batch.length;
      batch = [];
    }
  }
  hub.ingest(batch);
  count += batch.length;
  hub.flush();
  return count;
}

/** Journal events received this long before the day's start still rebuild live state (calls across it). */
export const REPLAY_LOOKBACK_MS = 6 * 3600_000;

/** Where a replay of "today" under these settings starts reading the journal. */
export function replayStart(settings: Settings, now: number): number {
  return dayWindow(now, settings.timezone, settings.dayStartsAt).start - REPLAY_LOOKBACK_MS;
}

/**
 * New timezone or day start while running: the hub starts over from the journal under the new
 * settings, exactly as a restart would replay it, and its viewers resync. Returns the events read.
 */
export function rebuildFromJournal(
  journal: Pick<Journal, 'eventsReceivedSince'>,
  hub: Pick<Hub, 'rebuild'>,
  settings: Settings,
  now: number,
): number {
  return hub.rebuild(settings, journal.eventsReceivedSince(replayStart(settings, now)));
}

/**
 * A journal's append, timed from the call to its commit (or failure) when a timer is given (GET
 * /metrics' journal write histogram). Shared by both recorders.
 */
export function timedAppend<E>(
  journal: { append(entry: E): Promise<AppendResult> },
  timeJournalWrite: (() => () => void) | undefined,
): (entry: E) => Promise<AppendResult> {
  return (entry) => {
    const done = timeJournalWrite?.();
    const write = journal.append(entry);
    // Called with no argument: a timer's end takes labels, never the append's result.
    if (done)
      write.then(
        () => done(),
        () => done(),
      );
    return write;
  };
}
