import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/**
 * How long the hub waits between patches, from how busy the event loop is with everything but the
 * patches themselves.
 *
 * Every patch costs one socket write per connected viewer (1,000 TVs: 1,000 writes, 10–15 ms of the
 * loop), whatever it holds. While the rest of the work leaves room, patches go out every `minMs`, so
 * a change shows within a frame or three. Under a flood of events (a webhook burst, a replay of a
 * PBX backlog) the same 20 patches a second would take a quarter of the only core the HTTP intake
 * has, and webhook senders would wait for it; so as the other work fills the loop, the window widens
 * towards `maxMs`: fewer, larger patches, the same state. No change is dropped or reordered; only
 * coalesced.
 *
 * The broadcasts' own time is left out of the load (`broadcast` times them): counted in, they keep
 * the loop "busy" and the window settled wherever patches filled the room the intake left, so
 * whatever the intake saved went to more patches instead of more intake (measured, docs/benchmarks.md).
 *
 * `load` is the share of time the loop was busy with other work since the last call (0–1).
 */
export interface PaceOptions {
  readonly minMs?: number;
  readonly maxMs?: number;
  /** At or below this utilization the window is `minMs`. */
  readonly relaxedBelow?: number;
  /** At or above this utilization it is `maxMs`; linear between the two. */
  readonly saturatedAt?: number;
}

export const PACE_DEFAULTS = { minMs: 50, maxMs: 250, relaxedBelow: 0.35, saturatedAt: 0.7 } as const;

export function patchPace(load: () => number, o: PaceOptions = {}): () => number {
  const { minMs, maxMs, relaxedBelow, saturatedAt } = { ...PACE_DEFAULTS, ...o };
  return () => {
    const u = load();
    if (!(u > relaxedBelow)) return minMs; // also NaN: no measurement yet
    if (u >= saturatedAt) return maxMs;
    return Math.round(minMs + ((u - relaxedBelow) / (saturatedAt - relaxedBelow)) * (maxMs - minMs));
  };
}

/**
 * The event loop's utilization, smoothed over about `smoothingMs` (an exponential moving average of
 * the busy share between calls), leaving out `excludedMs()`: busy time spent since the last call on
 * work that is not load (the broadcasts). Smoothed because one window alone is all noise: a 50 ms span
 * that holds one 30 ms burst reads 60 % busy on a server that is idle most of the second.
 */
export function eventLoopUtilization(smoothingMs = 1000, excludedMs: () => number = () => 0): () => number {
  let last: EventLoopUtilization | undefined;
  let smoothed = 0;
  return () => {
    const now = performance.eventLoopUtilization();
    const previous = last;
    last = now;
    const excluded = excludedMs();
    if (!previous) return smoothed; // the first call only sets the starting point
    const delta = performance.eventLoopUtilization(now, previous);
    const spanMs = delta.idle + delta.active;
    if (spanMs <= 0) return smoothed;
    const busy = Math.max(0, delta.active - excluded) / spanMs;
    smoothed += (busy - smoothed) * Math.min(1, spanMs / smoothingMs);
    return smoothed;
  };
}

/** What the hub asks before each wait (`windowMs`) and runs each patch's broadcast through. */
export interface Pace {
  readonly windowMs: () => number;
  readonly broadcast: (run: () => void) => void;
}

/** The pace the server runs with: Node's event loop less the broadcasts, the default limits. */
export function eventLoopPace(o: PaceOptions = {}): Pace {
  let broadcastMs = 0;
  const load = eventLoopUtilization(1000, () => {
    const spent = broadcastMs;
    broadcastMs = 0;
    return spent;
  });
  return {
    windowMs: patchPace(load, o),
    broadcast(run) {
      const start = performance.now();
      try {
        run();
      } finally {
        broadcastMs += performance.now() - start;
      }
    },
  };
}
