import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from './model';
import { describeThreshold, describeThresholdMarks, thresholdLevel } from './threshold';

describe('thresholdLevel', () => {
  const waiting = { direction: 'above', warn: 5, critical: 10 } as const;
  const sl = { direction: 'below', warn: 0.8, critical: 0.6 } as const;

  it('above: at or over the limit is bad', () => {
    expect(thresholdLevel(waiting, 0)).toBe('ok');
    expect(thresholdLevel(waiting, 4)).toBe('ok');
    expect(thresholdLevel(waiting, 5)).toBe('warn');
    expect(thresholdLevel(waiting, 9)).toBe('warn');
    expect(thresholdLevel(waiting, 10)).toBe('critical');
    expect(thresholdLevel(waiting, 99)).toBe('critical');
  });

  it('below: under the limit is bad, the limit itself is fine', () => {
    expect(thresholdLevel(sl, 1)).toBe('ok');
    expect(thresholdLevel(sl, 0.8)).toBe('ok');
    expect(thresholdLevel(sl, 0.79)).toBe('warn');
    expect(thresholdLevel(sl, 0.6)).toBe('warn');
    expect(thresholdLevel(sl, 0.59)).toBe('critical');
    expect(thresholdLevel(sl, 0)).toBe('critical');
  });

  it('no value (unknown or no denominator) or no threshold: none', () => {
    expect(thresholdLevel(sl, null)).toBe('none');
    expect(thresholdLevel(undefined, 3)).toBe('none');
    expect(thresholdLevel(null, 3)).toBe('none');
    expect(thresholdLevel(waiting, Number.NaN)).toBe('none');
  });

  it('a missing level is skipped', () => {
    expect(thresholdLevel({ direction: 'above', warn: null, critical: 10 }, 7)).toBe('ok');
    expect(thresholdLevel({ direction: 'above', warn: null, critical: 10 }, 10)).toBe('critical');
    expect(thresholdLevel({ direction: 'above', warn: 5, critical: null }, 50)).toBe('warn');
    expect(thresholdLevel({ direction: 'above', warn: null, critical: null }, 50)).toBe('ok');
  });

  it('works with the default thresholds', () => {
    expect(thresholdLevel(DEFAULT_THRESHOLDS.longestWaitSeconds, 120)).toBe('critical');
    expect(thresholdLevel(DEFAULT_THRESHOLDS.abandonRate, 0.05)).toBe('warn');
  });
});

describe('describeThreshold', () => {
  it('prints both levels in the unit given', () => {
    const pct = (v: number) => `${Math.round(v * 100)} %`;
    expect(describeThreshold({ direction: 'below', warn: 0.8, critical: 0.6 }, pct)).toBe(
      'warn < 80 % · critical < 60 %',
    );
    expect(describeThreshold({ direction: 'above', warn: 5, critical: null }, String)).toBe('warn ≥ 5');
    expect(describeThreshold(undefined, String)).toBeNull();
  });
});

describe('describeThresholdMarks', () => {
  it('prints the levels as their shapes, each kept on one line', () => {
    expect(
      describeThresholdMarks({ direction: 'above', warn: 60, critical: 120 }, (v) => `${v / 60}:00`),
    ).toBe('▲\u00a0≥\u00a01:00 ◆\u00a0≥\u00a02:00');
    expect(describeThresholdMarks({ direction: 'below', warn: null, critical: 0.6 }, String)).toBe(
      '◆\u00a0<\u00a00.6',
    );
    expect(describeThresholdMarks(null, String)).toBeNull();
  });
});
