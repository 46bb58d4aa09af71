import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './backoff';
import { DEFAULT_TIMING, deadLinkBoundMs, resolveTiming } from './timing';

describe('fullJitterDelay', () => {
  it('is random() × min(cap, base × 2^attempt)', () => {
    const half = () => 0.5;
    const delays = [0, 1, 2, 3, 4, 5, 6, 50].map((a) => fullJitterDelay(a, 1_000, 30_000, half));
    expect(delays).toStrictEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  });

  it('spans [0, ceiling): random() = 0 reconnects at once, random() → 1 waits the full ceiling', () => {
    expect(fullJitterDelay(3, 1_000, 30_000, () => 0)).toBe(0);
    expect(fullJitterDelay(3, 1_000, 30_000, () => 0.9999)).toBe(7_999);
  });

  it('survives absurd attempt counts (2^2000 is Infinity)', () => {
    expect(fullJitterDelay(2_000, 1_000, 30_000, () => 0.5)).toBe(15_000);
  });
});

describe('timing', () => {
  it('defaults to the documented values and detects a dead link within 45 s', () => {
    expect(DEFAULT_TIMING).toMatchObject({
      pingIntervalMs: 15_000,
      missedPongs: 2,
      backoffBaseMs: 1_000,
      backoffCapMs: 30_000,
      stableMs: 60_000,
      authRetryMs: 60_000,
      maxPayloadBytes: 1_048_576,
    });
    expect(deadLinkBoundMs(DEFAULT_TIMING)).toBe(45_000);
  });

  it('takes overrides but not undefined, NaN or negative values', () => {
    const t = resolveTiming({
      pingIntervalMs: 100,
      missedPongs: undefined,
      stableMs: Number.NaN,
      authRetryMs: -1,
    });
    expect(t.pingIntervalMs).toBe(100);
    expect(t.missedPongs).toBe(2);
    expect(t.stableMs).toBe(60_000);
    expect(t.authRetryMs).toBe(60_000);
  });
});
