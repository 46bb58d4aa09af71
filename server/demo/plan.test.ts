import { describe, expect, it } from 'vitest';
import { DEFAULT_DAILY_CURVE } from '../simulator/curve';
import { demoDailyCurve, FAST_FORWARD_MIN_MS, planDemoDay } from './plan';

const DAY = Date.UTC(2026, 2, 10);
const H = 3600_000;

describe('where the demo day starts', () => {
  it('a first start plays the day from its start', () => {
    expect(
      planDemoDay({ now: DAY + 9 * H + 123, mode: 'today', dayStart: DAY, lastDemoEventAt: null }),
    ).toEqual({
      startAt: DAY,
      fastForwardMs: 9 * H,
    });
  });

  it('a restart plays from a second after the last run’s last event, never twice', () => {
    const last = DAY + 8 * H + 500;
    expect(planDemoDay({ now: DAY + 9 * H, mode: 'today', dayStart: DAY, lastDemoEventAt: last })).toEqual({
      startAt: DAY + 8 * H + 1000,
      fastForwardMs: H - 1000,
    });
  });

  it('a last run from yesterday: from today’s start', () => {
    const plan = planDemoDay({ now: DAY + 2 * H, mode: 'today', dayStart: DAY, lastDemoEventAt: DAY - H });
    expect(plan.startAt).toBe(DAY);
  });

  it('little to play, a clock set back, or DEMO_DAY=empty: live and empty from now', () => {
    const now = DAY + FAST_FORWARD_MIN_MS - 1000;
    expect(planDemoDay({ now, mode: 'today', dayStart: DAY, lastDemoEventAt: null })).toEqual({
      startAt: now,
      fastForwardMs: 0,
    });
    const later = DAY + 5 * H;
    expect(
      planDemoDay({ now: later, mode: 'today', dayStart: DAY, lastDemoEventAt: later + H }).fastForwardMs,
    ).toBe(0);
    expect(planDemoDay({ now: later, mode: 'empty', dayStart: DAY, lastDemoEventAt: null })).toEqual({
      startAt: later,
      fastForwardMs: 0,
    });
  });

  it('the demo’s curve keeps the default’s shape, with nights at a quarter of the peak', () => {
    const curve = demoDailyCurve(DEFAULT_DAILY_CURVE);
    expect(Math.min(...curve)).toBe(0.25);
    expect(Math.max(...curve)).toBe(1);
    expect(curve[10]).toBe(DEFAULT_DAILY_CURVE[10]);
  });
});
