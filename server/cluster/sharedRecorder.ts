import type pg from 'pg';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import { reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import { createClockStamp } from '../clockStamp';
import type { Hub } from '../hub/hub';
import { type Recorder, replayStart, timedAppend } from '../recorder';
import type { PgJournal, PgJournalEntry } from '../storage/postgres/journal';
import {
  type JournalTail,
  startJournalTail,
  type TailPosition,
  type TailRow,
} from '../storage/postgres/tail';
import type { FencedEntry } from './fence';

/**
 * The recorder of an instance that shares its journal with others (PostgreSQL). The one difference
 * from server/recorder.ts: **the hub is fed only by the journal's tail**, never directly. A webhook
 * that arrives here is appended and acknowledged once committed; a live link's batch is appended
 * under its lease's fence; and every instance (this one included) applies both when its tail reads
 * them. So each instance applies exactly the committed rows, each once, whichever instance took them
 * in: a duplicate is never committed, a fenced-out write never exists, and a row that commits late
 * with a smaller id is still read (tail.ts orders by transaction).
 *
 * The price is a round trip between taking an event in and showing it (commit, NOTIFY, read): a few
 * milliseconds on a LAN, measured by `npm run bench:cluster`.
 */
export interface SharedRecorder extends Recorder {
  /** Reads today (from replayStart) into the hub, then follows the journal. Resolves when caught up. */
  start(settings: Settings): Promise<number>;
  /**
   * New day window (timezone, day start): today is read again under `settings`. The board keeps its
   * current state until the new read has caught up, then the hub swaps to it at once (viewers take a
   * fresh snapshot, as after any rebuild).
   */
  rebuild(settings: Settings): Promise<number>;
  /** Whether the tail has read every row that existed when it (re)started (/readyz). */
  caughtUp(): boolean;
  position(): TailPosition | null;
  stop(): Promise<void>;
}

export function createSharedRecorder(o: {
  journal: Pick<PgJournal, 'append'>;
  /** The tail's reads run on this pool; `listener` makes its LISTEN connection. */
  pool: pg.Pool;
  listener: () => pg.Client;
  hub: Pick<Hub, 'ingest' | 'rebuild' | 'flush'>;
  now: () => number;
  logger: Logger;
  pollMs?: number;
  timeJournalWrite?: () => () => void;
}): SharedRecorder {
  const withClock = createClockStamp();
  let journalFailures = 0;
  let tail: JournalTail | null = null;
  let isCaughtUp = false;
  /** Pages read while a `whenSettled` runs wait here, in order. */
  let held: TailRow[][] | null = null;
  let generation = 0;

  const append = timedAppend<PgJournalEntry>(o.journal, o.timeJournalWrite);

  const eventsOf = (rows: readonly TailRow[]): DomainEvent[] => rows.flatMap((r) => r.events);

  function apply(rows: readonly TailRow[]): void {
    if (held) held.push([...rows]);
    else o.hub.ingest(eventsOf(rows));
  }

  /**
   * A tail from today's start under `settings`. While it catches up, its pages reduce into a state
   * of its own; once caught up, `swap` hands that state to the hub and later pages go to the hub.
   */
  async function follow(settings: Settings, swap: (caughtUpState: DomainState, read: number) => void) {
    const mine = ++generation;
    let shadow: DomainState | null = initialState(settings, o.now());
    let read = 0;
    const next = startJournalTail({
      pool: o.pool,
      listener: o.listener,
      fromMs: replayStart(settings, o.now()),
      ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
      logger: o.logger,
      onRows: (rows) => {
        if (mine !== generation) return; // a newer read took over
        if (shadow) {
          const events = eventsOf(rows);
          read += events.length;
          shadow = reduceAll(shadow, events);
        } else apply(rows);
      },
    });
    tail = next;
    await next.caughtUp;
    if (mine !== generation || !shadow) return read;
    const state = shadow;
    shadow = null;
    swap(state, read);
    isCaughtUp = true;
    return read;
  }

  return {
    async accept(arrived: FencedEntry) {
      return append(withClock(arrived));
    },
    ingest(events, fence) {
      const first = events[0];
      if (!first) return;
      append({
        source: first.source,
        kind: first.origin,
        receivedAt: o.now(),
        events,
        ...(fence ? { fence } : {}),
      }).catch((err: unknown) => {
        // Not on the board either: the board shows what the journal holds. A fenced-out owner's
        // batch is lost on purpose (the new owner's snapshots heal the state).
        journalFailures += 1;
        o.logger.error({ err, source: first.source, events: events.length }, 'journal write failed');
      });
    },
    async whenSettled(run) {
      // Nothing is applied but what the tail reads: holding its pages is enough.
      held ??= [];
      try {
        return await run();
      } finally {
        const waiting = held;
        held = null;
        for (const rows of waiting) o.hub.ingest(eventsOf(rows));
      }
    },
    stats: () => ({ journalFailures }),
    async start(settings) {
      return follow(settings, (state) => {
        o.hub.rebuild(settings, [], state);
      });
    },
    async rebuild(settings) {
      const previous = tail;
      isCaughtUp = false;
      // The old tail stops before the new one starts reading: the new one reads everything from
      // the new day's start, the old one's last pages included.
      await previous?.stop();
      return follow(settings, (state) => {
        o.hub.rebuild(settings, [], state);
      });
    },
    caughtUp: () => isCaughtUp,
    position: () => tail?.position() ?? null,
    async stop() {
      generation += 1;
      await tail?.stop();
      tail = null;
    },
  };
}
