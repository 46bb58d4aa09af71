import type { DomainEvent } from '../../lib/domain/events';
import { reduce, reduceAll, rollDay, withSettings } from '../../lib/domain/reduce';
import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import {
  type PatchMessage,
  PROTOCOL_VERSION,
  type SnapshotMessage,
  type SourceStatus,
} from '../../lib/protocol';
import { timerDelay } from '../timerDelay';

import { createMissedTally } from './missedTally';
import type { Pace } from './patchPace';
import { createSourceBoard } from './sourceBoard';
import { EMPTY_PUBLISHED, type Published, publish } from './views';

/**
 * The hub owns the live state. Sources hand it batches of events; it reduces them at once and, at most
 * once per window (≤ 50 ms), publishes one patch with everything that changed, numbered seq + 1.
 * Subscribers (the realtime layer) get patches; a (re)connecting client gets the published snapshot.
 */

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HubOptions {
  readonly settings: Settings;
  readonly now: () => number;
  /** Identifies this process's run: seq numbers from another epoch mean nothing to a client. */
  readonly epoch: string;
  /** The running app build; a browser that sees it change reloads itself. */
  readonly buildId?: string;
  /**
   * Shortest time between two patches (default 50 ms); a function is asked before each wait, so the
   * window can widen while the process is overloaded; a Pace also times each broadcast, so that its
   * own cost does not count as overload (server/hub/patchPace.ts).
   */
  readonly windowMs?: number | (() => number) | Pace;
  readonly scheduler?: Scheduler;
  /** A source whose PBX clock is further off than this (ms, default 5000) is flagged in its status. */
  readonly clockWarnMs?: number;
}

const NAME_EVENTS = new Set<DomainEvent['type']>([
  'extensionCreated',
  'extensionUpdated',
  'extensionDeleted',
]);

export type PatchListener = (patch: PatchMessage) => void;

export function createHub(o: HubOptions) {
  const windowOption = o.windowMs ?? 50;
  const windowMs =
    typeof windowOption === 'number'
      ? () => windowOption
      : typeof windowOption === 'function'
        ? windowOption
        : windowOption.windowMs;
  const broadcast = typeof windowOption === 'object' ? windowOption.broadcast : (run: () => void) => run();
  const timers: Scheduler = o.scheduler ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  let state: DomainState = initialState(o.settings, o.now());
  let published: Published = EMPTY_PUBLISHED(state);
  // Today's missed offers per agent × queue, kept per call between publications.
  const missed = createMissedTally();
  const sources = createSourceBoard({ now: o.now, clockWarnMs: o.clockWarnMs ?? 5000 });
  let seq = 0;
  let namesChanged = false;
  let flushTimer: unknown = null;
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  let dayTimer: unknown = null;
  let eventsApplied = 0;
  const listeners = new Set<PatchListener>();
  const resetListeners = new Set<() => void>();
  const dayClosedListeners = new Set<(closing: DomainState) => void>();

  /** Hand the state of a day's last moment (before its roll) to whoever keeps history. */
  function dayClosed(closing: DomainState): void {
    for (const listener of dayClosedListeners) listener(closing);
  }

  /**
   * At most one patch per window, but no waiting after a quiet spell: a change that comes more than a
   * window after the last patch goes out on the next turn of the event loop (still coalescing the
   * rest of that turn); one that comes sooner waits for the window's end.
   */
  function scheduleFlush(): void {
    if (flushTimer !== null) return;
    flushTimer = timers.setTimeout(flush, timerDelay(lastFlushAt + windowMs() - o.now()));
  }

  function scheduleDayEnd(): void {
    if (dayTimer !== null) timers.clearTimeout(dayTimer);
    dayTimer = timers.setTimeout(
      () => {
        dayTimer = null;
        // Woken before the day's end (a delay past setTimeout's limit is capped): sleep again.
        if (o.now() < state.day.end && state.day.end - o.now() > 1000) return scheduleDayEnd();
        const closing = state;
        state = rollDay(state, Math.max(o.now(), state.day.end));
        if (state.day.day !== closing.day.day) dayClosed(closing);
        scheduleFlush();
        scheduleDayEnd();
      },
      timerDelay(state.day.end - o.now()),
    );
  }

  function flush(): void {
    flushTimer = null;
    const now = o.now();
    lastFlushAt = now;
    const next = publish(published, state, now, namesChanged, missed);
    const ops = [...sources.publish(state), ...next.ops];
    published = next.published;
    namesChanged = false;
    if (ops.length === 0) return;
    seq += 1;
    const patch: PatchMessage = {
      type: 'patch',
      version: PROTOCOL_VERSION,
      epoch: o.epoch,
      seq,
      serverTime: now,
      ops,
    };
    broadcast(() => {
      for (const listener of listeners) listener(patch);
    });
  }

  scheduleDayEnd();

  return {
    /** Reduce a batch of events now; its changes go out with the next window's patch. */
    ingest(events: readonly DomainEvent[]): void {
      if (events.length === 0) return;
      const before = state.day;
      const prior = state;
      state = reduceAll(state, events);
      eventsApplied += events.length;
      if (state.day.day !== before.day) dayClosed(lastMomentOf(prior, events));
      if (events.some((e) => NAME_EVENTS.has(e.type))) namesChanged = true;
      if (state.day !== before) scheduleDayEnd();
      scheduleFlush();
    },
    setSourceStatus(status: SourceStatus): void {
      sources.set(status);
      scheduleFlush();
    },
    removeSource(id: string): void {
      sources.remove(id);
      scheduleFlush();
    },
    /**
     * New thresholds (SLA, short-abandon seconds, per-queue overrides): today is recounted from the
     * visits in memory and the changed figures go out as an ordinary patch.
     */
    applySettings(settings: Settings): void {
      const before = state.day;
      state = withSettings(state, settings, o.now());
      if (state.day !== before) scheduleDayEnd();
      scheduleFlush();
    },
    /**
     * Start over from `events` (the journal since the new day's start, minus the look-back) under
     * new settings: a moved day window (timezone, day start) may need visits no longer in memory.
     * The result is published as a whole, under the next seq, and every viewer is told to take a
     * fresh snapshot (onReset): a diff against a different day would be a patch of everything.
     */
    rebuild(settings: Settings, events: Iterable<DomainEvent>, from?: DomainState): number {
      const now = o.now();
      // `from`: a state already reduced elsewhere from the same settings' empty day (a shared
      // journal read page by page, server/cluster/sharedRecorder.ts); `events` go on top of it.
      const empty = initialState(settings, now);
      let count = 0;
      // reduceAll takes the journal's stream as it comes: no day-sized array, one transient batch.
      state = reduceAll(
        from ?? empty,
        (function* counted() {
          for (const event of events) {
            count += 1;
            yield event;
          }
        })(),
      );
      published = publish(EMPTY_PUBLISHED(empty), state, now, true, missed).published;
      sources.republish(state);
      namesChanged = false;
      seq += 1;
      lastFlushAt = now;
      scheduleDayEnd();
      for (const listener of resetListeners) listener();
      return count;
    },
    /**
     * Start from a saved state (a restart checkpoint, server/resume.ts) instead of an empty day,
     * before the journal's tail is replayed and before any viewer connects.
     */
    resume(saved: DomainState): void {
      state = saved;
      namesChanged = true;
      scheduleDayEnd();
      scheduleFlush();
    },
    /** Called after a rebuild: every viewer needs a fresh snapshot (seq moved on without a patch). */
    /**
     * Called with the state of each day's last moment when the day rolls live (its timer, or an event
     * of the next day): the figures the board showed then.
     */
    onDayClosed(listener: (closing: DomainState) => void): () => void {
      dayClosedListeners.add(listener);
      return () => dayClosedListeners.delete(listener);
    },
    onReset(listener: () => void): () => void {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    /** The published view: consistent with `seq`; newer changes follow as patch seq + 1. */
    snapshot(): SnapshotMessage {
      return {
        type: 'snapshot',
        version: PROTOCOL_VERSION,
        epoch: o.epoch,
        seq,
        state: {
          seq,
          serverTime: o.now(),
          ...(o.buildId ? { buildId: o.buildId } : {}),
          sources: sources.published(),
          queues: [...published.queues.values()] as SnapshotMessage['state']['queues'],
          agents: [...published.agents.values()] as SnapshotMessage['state']['agents'],
          buckets: [...published.buckets.values()] as SnapshotMessage['state']['buckets'],
          extensions: [...published.extensions.values()] as SnapshotMessage['state']['extensions'],
          calls: [...published.calls.values()] as SnapshotMessage['state']['calls'],
        },
      };
    },
    onPatch(listener: PatchListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Every source's status as of now, without building a snapshot (settings pages, start-up). */
    sources: (): SourceStatus[] => [...sources.current(state).values()],
    /** For the read API and tests: the reducer state as of now (not yet necessarily published). */
    state: () => state,
    stats: () => ({ seq, eventsApplied, listeners: listeners.size }),
    /** Publish pending changes now (shutdown, tests). */
    flush(): void {
      if (flushTimer !== null) timers.clearTimeout(flushTimer);
      flush();
    },
    stop(): void {
      if (flushTimer !== null) timers.clearTimeout(flushTimer);
      if (dayTimer !== null) timers.clearTimeout(dayTimer);
      flushTimer = null;
      dayTimer = null;
      listeners.clear();
      resetListeners.clear();
    },
  };
}

export type Hub = ReturnType<typeof createHub>;

/**
 * A batch rolled the day somewhere inside it: the state just before the event that rolled it, found by
 * reducing the batch again one event at a time (rare: once a day, one batch).
 */
function lastMomentOf(prior: DomainState, events: readonly DomainEvent[]): DomainState {
  let s = prior;
  for (const event of events) {
    const next = reduce(s, event);
    if (next.day.day !== prior.day.day) return s;
    s = next;
  }
  return s;
}
