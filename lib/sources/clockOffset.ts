import type { DomainEvent, SourceClockEstimated, SourceKind } from '../domain/events';

/**
 * How far a PBX's clock is from the server's, from nothing but its own frames.
 *
 * Each PBX time t that arrives at server time a gives a sample a − t = offset + delay + age, where
 * delay (network, queues) and age (a fact reported after it happened: a CDR, a retried webhook, the
 * PBX's whole-second truncation) are never negative. So the smallest sample is the best estimate:
 * the minimum over a sliding window, which lets a drifting clock be followed while one slow frame
 * can never pass for skew. Positive offset = the PBX's clock is behind the server's.
 */
export class ClockOffsetEstimator {
  /** Samples that can still be the window's minimum: lags strictly increasing from the front. */
  private deque: { arrival: number; lag: number }[] = [];

  constructor(private readonly windowMs: number) {}

  observe(arrivalMs: number, pbxTimeMs: number): void {
    const lag = arrivalMs - pbxTimeMs;
    const d = this.deque;
    while (d.length > 0 && (d[d.length - 1] as { lag: number }).lag >= lag) d.pop();
    d.push({ arrival: arrivalMs, lag });
    let drop = 0;
    while (drop < d.length - 1 && (d[drop] as { arrival: number }).arrival < arrivalMs - this.windowMs)
      drop++;
    if (drop > 0) d.splice(0, drop);
  }

  /** Server time − PBX time, ms; null before the first sample. */
  offsetMs(): number | null {
    return this.deque[0]?.lag ?? null;
  }

  /** A new connection may reach a PBX whose clock was set meanwhile: start from nothing. */
  reset(): void {
    this.deque = [];
  }
}

/** The window (5 min: a clock drifting 50 ms/min moves 0.25 s in it) and the smallest change told. */
export const CLOCK_WINDOW_MS = 5 * 60_000;
export const CLOCK_STEP_MS = 100;

/**
 * One source's clock at the edge. Its estimate reaches the reducer as a `sourceClockEstimated` fact,
 * journaled with the frame that moved it, so a replay puts PBX times on the same server timeline as
 * the live run did. It is told when new and when it moves by CLOCK_STEP_MS or more: a board then
 * shows waits right to well within a second without re-publishing every view on each frame.
 */
export class SourceClock {
  private readonly estimator: ClockOffsetEstimator;
  private told: number | null = null;

  constructor(
    private readonly source: string,
    private readonly origin: SourceKind,
    options: { windowMs?: number; stepMs?: number } = {},
  ) {
    this.estimator = new ClockOffsetEstimator(options.windowMs ?? CLOCK_WINDOW_MS);
    this.stepMs = options.stepMs ?? CLOCK_STEP_MS;
  }

  private readonly stepMs: number;

  /**
   * The PBX times among `events` (arrival-stamped ones say nothing of the PBX's clock) as samples
   * at `arrivalMs`; the estimate to journal when it is new or has moved enough, else undefined.
   */
  observe(arrivalMs: number, events: readonly DomainEvent[]): SourceClockEstimated | undefined {
    let sampled = false;
    for (const e of events) {
      if (e.atArrival) continue;
      this.estimator.observe(arrivalMs, e.at);
      sampled = true;
    }
    const offset = this.estimator.offsetMs();
    if (!sampled || offset === null) return undefined;
    if (this.told !== null && Math.abs(offset - this.told) < this.stepMs) return undefined;
    this.told = offset;
    return {
      type: 'sourceClockEstimated',
      source: this.source,
      origin: this.origin,
      at: arrivalMs,
      atArrival: true,
      offsetMs: offset,
    };
  }

  /** On reconnect: forget the samples, and tell the next estimate whatever its size. */
  reset(): void {
    this.estimator.reset();
    this.told = null;
  }
}
