import { type ClosedAgent, closedAgentsOf } from './agentClose';
import { type AgentQuarter, agentQuartersWithMissed } from './agentQuarters';
import type { Figures } from './figures';
import { isZero } from './figures';
import type { DomainState } from './state';
import { BUCKET_MS } from './time';

/** One day's figures as history keeps them: per queue, its day total and its 15-minute buckets. */
export interface ClosedDay {
  readonly day: string;
  readonly start: number;
  readonly end: number;
  readonly queues: readonly {
    readonly queue: string;
    readonly today: Figures;
    /** Bucket start instant → figures; empty buckets are left out (they add nothing). */
    readonly buckets: readonly (readonly [number, Figures])[];
  }[];
  /** Per agent (lib/domain/agentClose.ts); absent: a day written without agent rows. */
  readonly agents?: readonly ClosedAgent[];
  /** Per agent × queue × 15-minute bucket (lib/domain/agentQuarters.ts); absent: none written. */
  readonly agentQuarters?: readonly AgentQuarter[];
}

/**
 * The day's figures exactly as the board holds them at `state` (the day's last moment, before the
 * roll): the same Figures the queue tiles and charts are made of. A queue with nothing today is left
 * out, so a queue known only from its configuration adds no rows. Queues only: the queue report reads
 * today through this on every request, and the agents' part walks the day's visits.
 */
export function closedDayOf(state: DomainState): ClosedDay {
  const queues = [];
  for (const q of state.queues.values()) {
    const buckets = [...q.buckets]
      .filter(([, f]) => !isZero(f))
      .sort((a, b) => a[0] - b[0])
      .map(([b, f]) => [state.day.start + b * BUCKET_MS, f] as const);
    if (isZero(q.today) && buckets.length === 0) continue;
    queues.push({ queue: q.key, today: q.today, buckets });
  }
  queues.sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
  return { day: state.day.day, start: state.day.start, end: state.day.end, queues };
}

/**
 * The closing day as history writes it (running periods to the day's end): its queues, its agents
 * and the agents' quarters, one walk of the calls for missed offers serving both the quarters and the
 * agents. Made on the day-close thread from the day replayed there, at a live close as at a start-up
 * close or a recount (server/history/closeThread.ts): the walks of the day's visits never run on the
 * live board's event loop.
 */
export function rebuiltDayOf(state: DomainState): ClosedDay {
  const { quarters, missed } = agentQuartersWithMissed(state);
  return {
    ...closedDayOf(state),
    agents: closedAgentsOf(state, state.day.end, missed),
    agentQuarters: quarters,
  };
}
