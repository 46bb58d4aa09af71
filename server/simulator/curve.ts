import { exponential, type Rng } from './random';

/**
 * When callers ring. Arrivals are a Poisson process whose rate follows a daily curve: the configured
 * calls per hour are the peak rate, and each local hour of the day scales it (quiet nights, a
 * mid-morning and an early-afternoon peak), as a real inbound call center sees.
 */

/** Share of the peak rate for each local hour, 00:00 … 23:00. */
export const DEFAULT_DAILY_CURVE: readonly number[] = [
  0.03, 0.02, 0.02, 0.02, 0.03, 0.05, 0.12, 0.3, 0.65, 0.9, 1.0, 0.95, 0.75, 0.8, 0.95, 1.0, 0.85, 0.7, 0.5,
  0.35, 0.25, 0.15, 0.08, 0.05,
];

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** Local hour (0–23) of an instant in an IANA zone. */
export function localHour(at: number, timeZone: string): number {
  let f = hourFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    hourFormats.set(timeZone, f);
  }
  return Number(f.format(at)) % 24;
}

export interface ArrivalCurve {
  readonly peakPerHour: number;
  readonly curve: readonly number[];
  readonly timeZone: string;
}

/**
 * The next arrival strictly after `from` (ms, not rounded), or Infinity when the queue gets no calls.
 * Thinning (Lewis–Shedler): candidates at the curve's highest rate, each kept with probability
 * rate(t) / highest rate, which gives exactly the time-varying Poisson process.
 */
export function nextArrival(rng: Rng, from: number, a: ArrivalCurve): number {
  const top = a.peakPerHour * Math.max(0, ...a.curve);
  if (!(top > 0)) return Number.POSITIVE_INFINITY;
  const meanGapMs = 3_600_000 / top;
  let t = from;
  for (;;) {
    t += exponential(rng, meanGapMs);
    const share = a.curve[localHour(t, a.timeZone)] ?? 0;
    if (rng() * top < a.peakPerHour * share) return t;
  }
}
