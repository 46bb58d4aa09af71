import { Gauge, type Registry } from 'prom-client';
import { missedOffersOf } from '../../lib/domain/agentMissed';
import type { DomainState } from '../../lib/domain/state';
import { queueView } from '../../lib/domain/view';
import type { SourceHealth, SourceStatus } from '../../lib/protocol';

/**
 * The board's own figures at `GET /metrics`, read from the hub's current state on each scrape (the
 * gauges' `collect()`), never kept up to date per event. Each scrape starts from an empty gauge, so a
 * queue or source that went away leaves no stale series, and a figure the state cannot know (a
 * waiting list a source cannot see, a clock it cannot read) is absent, not 0 (docs/metrics.md,
 * "Unknown is not zero"). Labels are queue keys and source ids (bounded by the configuration) and
 * fixed enums; never a caller, a call id or a source's free-text `detail`.
 */
export interface BoardReadings {
  /** The reducer state as of now (the hub's `state()`). */
  readonly state: () => DomainState;
  /** Every source's status as of now, drift and clock filled (the hub's `sources()`). */
  readonly sources: () => readonly SourceStatus[];
  readonly now: () => number;
}

const HEALTHS: readonly SourceHealth[] = ['connected', 'connecting', 'resyncing', 'disconnected', 'error'];

type Reading<T> = (item: T, now: number) => number | null | undefined;

/** A gauge labelled by `label`, refilled from `items()` on each scrape; null/undefined readings are left out. */
function gaugeOf<T extends { readonly key: string }>(
  registry: Registry,
  name: string,
  help: string,
  label: string,
  items: () => readonly T[],
  now: () => number,
  read: Reading<T>,
): void {
  new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset();
      const t = now();
      for (const item of items()) {
        const v = read(item, t);
        if (v !== null && v !== undefined) this.set({ [label]: item.key }, v);
      }
    },
  });
}

/** Brackets one scrape, so that its gauges share one `now` and one build of the queue views. */
export interface ScrapeClock {
  around<T>(scrape: () => Promise<T>): Promise<T>;
}

export function registerBoardMetrics(registry: Registry, board: BoardReadings): ScrapeClock {
  let scrapeAt: number | null = null;
  const o: BoardReadings = { ...board, now: () => scrapeAt ?? board.now() };
  // One scrape reads many gauges: build the queue views once per state and instant.
  let memo: { state: DomainState; now: number; views: QueueReading[] } | null = null;
  const queues = (): QueueReading[] => {
    const state = o.state();
    const now = o.now();
    if (memo?.state !== state || memo.now !== now) {
      // Agents' missed offers walk today's calls: once per scrape, not once per queue.
      const offers = missedOffersOf(state);
      memo = {
        state,
        now,
        views: [...state.queues.values()].map((q) => readingOf(queueView(state, q, now, offers))),
      };
    }
    return memo.views;
  };
  const q = (name: string, help: string, read: Reading<QueueReading>) =>
    gaugeOf(registry, name, help, 'queue', queues, o.now, read);

  new Gauge({
    name: 'callboard_queue_info',
    help: 'Always 1: a queue key with its number and name (join on queue)',
    labelNames: ['queue', 'number', 'name'],
    registers: [registry],
    collect() {
      this.reset();
      for (const v of queues()) this.set({ queue: v.key, number: v.number ?? '', name: v.name ?? '' }, 1);
    },
  });
  q('callboard_queue_waiting', 'Callers waiting in the queue now (absent: unknown)', (v) => v.waiting);
  q(
    'callboard_queue_callbacks_waiting',
    'Callers waiting for a callback now (absent: unknown)',
    (v) => v.callbacks,
  );
  q(
    'callboard_queue_longest_wait_seconds',
    'Longest current wait of a caller on hold, s (absent: unknown)',
    (v) => v.longestWaitSeconds,
  );
  q('callboard_queue_offered_today', 'Queue visits offered today', (v) => v.today.offered);
  q('callboard_queue_answered_today', 'Queue visits answered today', (v) => v.today.answered);
  q('callboard_queue_abandoned_today', 'Queue visits abandoned today', (v) => v.today.abandoned);
  q(
    'callboard_queue_answered_within_sla_today',
    'Queue visits answered within the SLA today',
    (v) => v.today.answeredWithinSla,
  );
  q(
    'callboard_queue_service_level_ratio',
    "Today's service level, 0..1, default formula (absent: nothing to judge yet)",
    (v) => v.today.serviceLevel,
  );

  registerSourceMetrics(registry, o);
  return {
    async around(scrape) {
      scrapeAt = board.now();
      try {
        return await scrape();
      } finally {
        scrapeAt = null;
        memo = null;
      }
    },
  };
}

interface QueueReading {
  readonly key: string;
  readonly number: string | null;
  readonly name: string | null;
  readonly waiting: number | null;
  readonly callbacks: number | null;
  readonly longestWaitSeconds: number | null;
  readonly today: ReturnType<typeof queueView>['today'];
}

function readingOf(v: ReturnType<typeof queueView>): QueueReading {
  const waiting = v.waiting;
  return {
    key: v.id,
    number: v.number,
    name: v.name,
    waiting: waiting === null ? null : waiting.filter((c) => c.kind === 'normal').length,
    callbacks: waiting === null ? null : waiting.filter((c) => c.kind === 'callback').length,
    longestWaitSeconds: v.today.longestWaitSeconds,
    today: v.today,
  };
}

type SourceReading = SourceStatus & { readonly key: string };

function registerSourceMetrics(registry: Registry, o: BoardReadings): void {
  const sources = (): SourceReading[] => o.sources().map((s) => ({ ...s, key: s.id }));
  const s = (name: string, help: string, read: Reading<SourceReading>) =>
    gaugeOf(registry, name, help, 'source', sources, o.now, read);

  new Gauge({
    name: 'callboard_source_status',
    help: "1 for the source's current status, 0 for the others",
    labelNames: ['source', 'kind', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const src of o.sources())
        for (const status of HEALTHS)
          this.set({ source: src.id, kind: src.kind, status }, src.status === status ? 1 : 0);
    },
  });
  const ageOf = (at: number | null | undefined, now: number) =>
    at === null || at === undefined ? null : Math.max(0, (now - at) / 1000);
  s(
    'callboard_source_last_event_age_seconds',
    "Seconds since the source's latest event, server clock (absent: none yet)",
    (src, now) => ageOf(src.lastEventAt, now),
  );
  s(
    'callboard_source_clock_offset_seconds',
    "Server time minus the PBX's, s, as estimated from its frames (absent: unknown)",
    (src) =>
      src.clockOffsetMs === null || src.clockOffsetMs === undefined ? null : src.clockOffsetMs / 1000,
  );
  s(
    'callboard_source_last_check_age_seconds',
    "Seconds since the source's last self-check against the PBX (absent: none)",
    (src, now) => ageOf(src.drift?.check?.lastCheckedAt, now),
  );
  new Gauge({
    name: 'callboard_source_check_differences_today',
    help: 'Entries the board had wrong today, found by self-checks, by kind (absent: no self-checks)',
    labelNames: ['source', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const src of o.sources()) {
        const d = src.drift?.check?.differencesToday;
        if (!d) continue;
        this.set({ source: src.id, kind: 'waitingCaller' }, d.waitingCaller);
        this.set({ source: src.id, kind: 'agentState' }, d.agentState);
      }
    },
  });
  for (const [name, field, help] of [
    [
      'callboard_source_agreement_buckets_compared',
      'bucketsCompared',
      "Today's closed quarter-hours compared with another source of the same PBX (absent: none to compare)",
    ],
    [
      'callboard_source_agreement_buckets_disagreeing',
      'bucketsDisagreeing',
      'Of those, the quarter-hours in which some queue’s counts differ',
    ],
  ] as const) {
    new Gauge({
      name,
      help,
      labelNames: ['source', 'compared_with'],
      registers: [registry],
      collect() {
        this.reset();
        for (const src of o.sources()) {
          const a = src.drift?.agreement;
          if (a) this.set({ source: src.id, compared_with: a.comparedWith }, a[field]);
        }
      },
    });
  }
}
