import { describe, expect, it } from 'vitest';
import { eventLoopPace, eventLoopUtilization, PACE_DEFAULTS, patchPace } from './patchPace';

describe('patchPace', () => {
  const at = (u: number) => patchPace(() => u)();

  it('keeps the short window while the loop has room, the long one when it is saturated', () => {
    expect(at(0)).toBe(PACE_DEFAULTS.minMs);
    expect(at(PACE_DEFAULTS.relaxedBelow)).toBe(PACE_DEFAULTS.minMs);
    expect(at(PACE_DEFAULTS.saturatedAt)).toBe(PACE_DEFAULTS.maxMs);
    expect(at(1)).toBe(PACE_DEFAULTS.maxMs);
    expect(at(Number.NaN)).toBe(PACE_DEFAULTS.minMs);
  });

  it('widens steadily in between', () => {
    const { relaxedBelow, saturatedAt, minMs, maxMs } = PACE_DEFAULTS;
    expect(at((relaxedBelow + saturatedAt) / 2)).toBe((minMs + maxMs) / 2);
    const windows = [0.01, 0.2, 0.4, 0.6, 0.8, 0.99].map((f) =>
      at(relaxedBelow + f * (saturatedAt - relaxedBelow)),
    );
    expect(windows).toEqual([...windows].sort((a, b) => a - b));
    expect(new Set(windows).size).toBe(windows.length);
  });

  it('takes its limits from the options', () => {
    expect(patchPace(() => 1, { minMs: 10, maxMs: 40 })()).toBe(40);
    expect(patchPace(() => 0, { minMs: 10, maxMs: 40 })()).toBe(10);
  });
});

describe('eventLoopUtilization', () => {
  const spin = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy: the loop does nothing else
    }
  };
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('rises under sustained load and falls when the loop idles again', async () => {
    const sample = eventLoopUtilization(200);
    sample();
    for (let i = 0; i < 10; i++) {
      spin(50);
      await tick();
      sample();
    }
    expect(sample()).toBeGreaterThan(0.8);
    await sleep(400);
    expect(sample()).toBeLessThan(0.5);
  });

  it('is not moved much by one busy burst in an idle second', async () => {
    const sample = eventLoopUtilization(1000);
    sample();
    await sleep(300);
    sample();
    spin(40);
    await tick();
    expect(sample()).toBeLessThan(0.2);
  });
});

describe('eventLoopPace', () => {
  const spin = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy
    }
  };
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  // The broadcasts are the pace's own cost: a loop kept busy by them alone must not slow the patches
  // (else the window settles wherever patches fill the room the other work leaves).
  it('does not count the broadcasts as load, and widens for the same busy time spent elsewhere', async () => {
    const broadcasting = eventLoopPace();
    const working = eventLoopPace();
    broadcasting.windowMs();
    working.windowMs();
    for (let i = 0; i < 12; i++) {
      broadcasting.broadcast(() => spin(40));
      await tick();
      broadcasting.windowMs();
    }
    expect(broadcasting.windowMs()).toBe(PACE_DEFAULTS.minMs);
    working.windowMs(); // starts its reading here: the broadcasts above were not its own
    for (let i = 0; i < 12; i++) {
      spin(40);
      await tick();
      working.windowMs();
    }
    // About half a second of work against a one-second average: well past the middle, not yet the top.
    expect(working.windowMs()).toBeGreaterThan((PACE_DEFAULTS.minMs + PACE_DEFAULTS.maxMs) / 2);
  });
});
