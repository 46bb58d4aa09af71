/**
 * At most one log line per key (a webhook source) per window: a sender posting invalid bodies in a
 * loop must not fill the log as it would the disk. The lines held back are counted and reported on
 * the next line that is written for the key. Keys are configured source ids, so the map stays small.
 */
export interface LogThrottleOptions {
  readonly now: () => number;
  /** Default one minute. */
  readonly windowMs?: number;
}

export function createLogThrottle(o: LogThrottleOptions) {
  const windowMs = o.windowMs ?? 60_000;
  const windows = new Map<string, { start: number; suppressed: number }>();

  /** Undefined: stay quiet (counted). Otherwise write the line, with `suppressed` when any were held back. */
  return function admit(key: string): { suppressed?: number } | undefined {
    const now = o.now();
    const open = windows.get(key);
    if (open && now >= open.start && now - open.start < windowMs) {
      open.suppressed++;
      return undefined;
    }
    windows.set(key, { start: now, suppressed: 0 });
    return open && open.suppressed > 0 ? { suppressed: open.suppressed } : {};
  };
}
