import { describe, expect, it } from 'vitest';
import { eventLoopUtilization, PACE_DEFAULTS, patchPace } from './patchPace';

describe('patchPace', () => {
  const at = (u: number) => patchPace(() => u)();

  it('keeps the short window while the loop has room, the long one when it is saturated', () => {
    expect(at(0)).toBe(PACE_DEFAULTS.minMs);
    expect(at(0.6)).toBe(PACE_DEFAULTS.minMs);
    expect(at(0.9)).toBe(PACE_DEFAULTS.maxMs);
    expect(at(1)).toBe(PACE_DEFAULTS.maxMs);
    expect(at(Number.NaN)).toBe(PACE_DEFAULTS.minMs);
  });

  it('widens steadily in between', () => {
    expect(at(0.75)).toBe(150);
    const windows = [0.61, 0.65, 0.7, 0.8, 0.85, 0.89].map(at);
    expect(windows).toEqual([...windows].sort((a, b) => a - b));
    expect(new Set(windows).size).toBe(windows.length);
  });

  it('takes its limits from the options', () => {
    expect(patchPace(() => 1, { minMs: 10, maxMs: 40 })()).toBe(40);
    expect(patchPace(() => 0, { minMs: 10, maxMs: 40 })()).toBe(10);
  });
});

describe('eventLoopUtilization', () => {
  it('reports a busy loop as busy and an idle one as idle', async () => {
    const sample = eventLoopUtilization();
    sample();
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // spin: the loop is busy
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(sample()).toBeGreaterThan(0.8);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sample()).toBeLessThan(0.5);
  });
});
