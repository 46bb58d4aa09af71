import type { DomainEvent } from '../../lib/domain/events';
import { syntheticDay } from './syntheticDay';

/**
 * Forked by fanout.ts: builds the synthetic day (1.1 M events, over 1 GB of heap) in its own process
 * and sends back only what the benchmark feeds, so the server process never grows that heap (its RSS
 * is part of what is measured, and a big heap makes every GC slower).
 */
export interface DayRequest {
  readonly seed: number;
  readonly live: number;
}

export interface DaySlices {
  /** The 08:00 block: queue snapshots, registrations, presence. */
  readonly setup: DomainEvent[];
  /** From 08:01 (calls start), `live` events. */
  readonly live: DomainEvent[];
  readonly startAt: number;
  readonly total: number;
}

process.once('message', (m: DayRequest) => {
  const day = syntheticDay({ seed: m.seed, queues: 50, agentsPerQueue: 100, calls: 130_000 });
  const firstLive = day.events.findIndex((e) => e.at >= day.startAt + 60_000);
  const slices: DaySlices = {
    setup: day.events.slice(0, firstLive),
    live: day.events.slice(firstLive, firstLive + m.live),
    startAt: day.startAt,
    total: day.events.length,
  };
  process.send?.(slices, () => process.exit(0));
});
