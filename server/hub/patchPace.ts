import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/**
 * How long the hub waits between patches, from how busy the event loop has been.
 *
 * Every patch costs one socket write per connected viewer (1,000 TVs: 1,000 writes, about 15 µs of
 * system time each), whatever it holds. With the loop mostly idle, patches go out every `minMs`, so
 * a change shows within a frame or three. Under a flood of events (a webhook burst, a replay of a
 * PBX backlog) the same 20 patches a second would take a third of the only core the HTTP intake has,
 * and webhook senders would wait for it; so as the loop fills, the window widens towards `maxMs`:
 * fewer, larger patches, the same state. No change is dropped or reordered; only coalesced.
 *
 * `utilization` is the share of time the loop was busy since the last call (0–1);
 * `fromEventLoop` measures Node's.
 */
export interface PaceOptions {
  readonly minMs?: number;
  readonly maxMs?: number;
  /** At or below this utilization the window is `minMs`. */
  readonly relaxedBelow?: number;
  /** At or above this utilization it is `maxMs`; linear between the two. */
  readonly saturatedAt?: number;
}

export const PACE_DEFAULTS = { minMs: 50, maxMs: 250, relaxedBelow: 0.7, saturatedAt: 0.95 } as const;

export function patchPace(utilization: () => number, o: PaceOptions = {}): () => number {
  const { minMs, maxMs, relaxedBelow, saturatedAt } = { ...PACE_DEFAULTS, ...o };
  return () => {
    const u = utilization();
    if (!(u > relaxedBelow)) return minMs; // also NaN: no measurement yet
    if (u >= saturatedAt) return maxMs;
    return Math.round(minMs + ((u - relaxedBelow) / (saturatedAt - relaxedBelow)) * (maxMs - minMs));
  };
}

/**
 * The event loop's utilization, smoothed over about `smoothingMs` (an exponential moving average of
 * the busy share between calls). Smoothed because one window alone is all noise: a 50 ms span that
 * holds one 30 ms broadcast reads 60 % busy on a server that is idle most of the second.
 */
export function eventLoopUtilization(smoothingMs = 1000): () => number {
  let last: EventLoopUtilization | undefined;
  let smoothed = 0;
  return () => {
    const now = performance.eventLoopUtilization();
    const previous = last;
    last = now;
    if (!previous) return smoothed; // the first call only sets the starting point
    const delta = performance.eventLoopUtilization(now, previous);
    const spanMs = delta.idle + delta.active;
    if (spanMs > 0) smoothed += (delta.utilization - smoothed) * Math.min(1, spanMs / smoothingMs);
    return smoothed;
  };
}

/** The pace the server runs with: Node's event loop, the default limits. */
export const eventLoopPace = (): (() => number) => patchPace(eventLoopUtilization());
