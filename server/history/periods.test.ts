import { describe, expect, it } from 'vitest';
import { hourPhaseOver, hourStartOf, localIso, mondayOf } from './periods';

const H = 3600_000;

describe('report periods', () => {
  it('writes local time with its offset, across a DST change', () => {
    expect(localIso(Date.UTC(2026, 2, 29, 0, 30), 'Europe/London')).toBe('2026-03-29T00:30:00+00:00');
    expect(localIso(Date.UTC(2026, 2, 29, 1, 30), 'Europe/London')).toBe('2026-03-29T02:30:00+01:00');
    expect(localIso(Date.UTC(2026, 0, 1, 0, 0), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00+05:30');
    expect(localIso(Date.UTC(2026, 0, 1, 12, 0), 'America/New_York')).toBe('2026-01-01T07:00:00-05:00');
  });

  it('local hours: in a whole-hour zone at UTC hours, in India at half past; a half-hour DST change has none', () => {
    const jan = Date.UTC(2026, 0, 1);
    expect(hourPhaseOver(jan, jan + 40 * 24 * H, 'Europe/London')).toBe(0);
    expect(hourPhaseOver(Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 30), 'Europe/London')).toBe(0);
    expect(hourPhaseOver(jan, jan + 31 * 24 * H, 'Asia/Kolkata')).toBe(H / 2);
    expect(hourStartOf(jan + 15 * 60_000, 'Asia/Kolkata')).toBe(jan - 30 * 60_000);
    // Lord Howe Island: +11 in summer, +10:30 from the first Sunday of April 2026.
    expect(hourPhaseOver(Date.UTC(2026, 2, 20), Date.UTC(2026, 3, 20), 'Australia/Lord_Howe')).toBeNull();
  });

  it('weeks start on Monday', () => {
    expect(mondayOf('2026-03-10')).toBe('2026-03-09');
    expect(mondayOf('2026-03-09')).toBe('2026-03-09');
    expect(mondayOf('2026-03-15')).toBe('2026-03-09');
  });
});
