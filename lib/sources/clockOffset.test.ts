import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { CLOCK_STEP_MS, ClockOffsetEstimator, SourceClock } from './clockOffset';

const T0 = Date.UTC(2026, 2, 10, 9, 0, 0);
const WINDOW = 10 * 60_000;

/** A PBX whose clock is `offsetMs` off the server's (server − PBX), stamping whole seconds. */
const pbxSecond = (serverMs: number, offsetMs: number) => Math.floor((serverMs - offsetMs) / 1000) * 1000;

describe('ClockOffsetEstimator', () => {
  it('network delay and late reports never pass for skew: the estimate stays within 1 s of the offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -120_000, max: 120_000 }),
        // Per frame: when it happened (ms after the start), its delay (up to 3 s) and its age (a CDR
        // reports a call that ended a minute ago; a retried webhook comes much later).
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 20_000 }),
            delay: fc.integer({ min: 0, max: 3000 }),
            age: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 600_000 })),
          }),
          { minLength: 30, maxLength: 200 },
        ),
        (offset, frames) => {
          const est = new ClockOffsetEstimator(WINDOW);
          let t = T0;
          let bestDelay = Number.POSITIVE_INFINITY;
          for (const f of frames) {
            t += f.gap;
            est.observe(t + f.delay, pbxSecond(t - f.age, offset));
            if (f.age === 0) bestDelay = Math.min(bestDelay, f.delay);
          }
          const estimate = est.offsetMs();
          expect(estimate).not.toBeNull();
          // Never below the true offset (delay, age and truncation only add) …
          expect(estimate as number).toBeGreaterThanOrEqual(offset);
          // … and no higher than the freshest, fastest frame's delay plus one whole second.
          if (Number.isFinite(bestDelay))
            expect(estimate as number).toBeLessThan(offset + 1000 + bestDelay + 1);
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });

  it('one slow frame does not move it; a steady jitter of up to 2 s is filtered out', () => {
    const est = new ClockOffsetEstimator(WINDOW);
    for (let i = 0; i < 60; i++) {
      const t = T0 + i * 5000;
      est.observe(t + (i % 7) * 300, pbxSecond(t, 20_000));
    }
    expect(est.offsetMs()).toBe(20_000);
    est.observe(T0 + 301_000 + 30_000, pbxSecond(T0 + 301_000, 20_000)); // 30 s in a queue
    expect(est.offsetMs()).toBe(20_000);
  });

  it('follows a drifting clock: a sample older than the window no longer counts', () => {
    const est = new ClockOffsetEstimator(WINDOW);
    // 50 ms/min: after an hour the PBX is 3 s further behind.
    for (let min = 0; min <= 60; min++) {
      const t = T0 + min * 60_000;
      est.observe(t, t - 20_000 - min * 50);
    }
    expect(est.offsetMs()).toBeGreaterThanOrEqual(23_000 - (WINDOW / 60_000) * 50);
    expect(est.offsetMs()).toBeLessThanOrEqual(23_000);
  });

  it('reset forgets every sample: the next one alone is the estimate', () => {
    const est = new ClockOffsetEstimator(WINDOW);
    est.observe(T0, T0 - 20_000);
    est.reset();
    expect(est.offsetMs()).toBeNull();
    est.observe(T0 + 1000, T0 + 1000 + 120_000); // reconnected to a PBX set 2 min ahead
    expect(est.offsetMs()).toBe(-120_000);
  });
});

describe('SourceClock', () => {
  const agentAt = (at: number, atArrival?: true): DomainEvent => ({
    source: 'pbx',
    origin: 'portsip-wsi',
    at,
    ...(atArrival ? { atArrival } : {}),
    type: 'agentStateChanged',
    queue: { number: '8001' },
    agent: { extension: '301', state: 'ready', since: at },
  });

  it('tells the first estimate, then only moves of CLOCK_STEP_MS or more', () => {
    const clock = new SourceClock('pbx', 'portsip-wsi');
    const first = clock.observe(T0 + 900, [agentAt(T0 - 20_000)]);
    expect(first).toEqual({
      type: 'sourceClockEstimated',
      source: 'pbx',
      origin: 'portsip-wsi',
      at: T0 + 900,
      atArrival: true,
      offsetMs: 20_900,
    });
    expect(CLOCK_STEP_MS).toBe(100);
    expect(clock.observe(T0 + 5850, [agentAt(T0 - 15_000)])).toBeUndefined(); // 20 850: moved 50 ms
    expect(clock.observe(T0 + 9750, [agentAt(T0 - 11_000)])?.offsetMs).toBe(20_750); // moved 150 ms
    expect(clock.observe(T0 + 20_000, [agentAt(T0 - 1000)])).toBeUndefined(); // 21 000: slower, no move
  });

  it('takes no sample from arrival-stamped facts (a snapshot, 3CX): they say nothing of the PBX clock', () => {
    const clock = new SourceClock('pbx', 'portsip-wsi');
    expect(clock.observe(T0, [agentAt(T0, true)])).toBeUndefined();
  });

  it('after a reconnect tells the new estimate, however close to the old one', () => {
    const clock = new SourceClock('pbx', 'portsip-wsi');
    expect(clock.observe(T0, [agentAt(T0 - 20_000)])?.offsetMs).toBe(20_000);
    clock.reset();
    expect(clock.observe(T0 + 1000, [agentAt(T0 + 1000 - 20_100)])?.offsetMs).toBe(20_100);
  });
});
