import { describe, expect, it } from 'vitest';
import { eventLoopUtilization, PACE_DEFAULTS, patchPace } from './patchPace';

describe('patchPace', () => {
  const at = (u: number) => patchPace(() => u)();

  it('keeps the short window while the loop has room, the long one when it is saturated', () => {
    expect(at(0)).toBe(PACE_DEFAULTS.minMs);
    expect(at(0.7)).toBe(PACE_DEFAULTS.minMs);
    expect(at(0.95)).toBe(PACE_DEFAULTS.maxMs);
    expect(at(1)).toBe(PACE_DEFAULTS.maxMs);
    expect(at(Number.NaN)).toBe(PACE_DEFAULTS.minMs);
  });

  it('widens steadily in between', () => {
    expect(at(0.825)).toBe(150);
    const windows = [0.71, 0.75, 0.8, 0.85, 0.9, 0.94].map(at);
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
