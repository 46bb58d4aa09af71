import { describe, expect, it } from 'vitest';
import { defaultInterval, INTERVAL_MAX_DAYS, intervalRefusal } from './intervals';
import { addDays, daysIn, isDayLabel, mondayOf, presetRange, previousRange, todayIn } from './ranges';

describe('todayIn: the configured zone and day start, not the browser’s', () => {
  it('is the zone’s date, not UTC’s', () => {
    // 2026-03-10 23:30 UTC is already the 11th in Berlin and still the 10th in New York.
    const at = Date.UTC(2026, 2, 10, 23, 30);
    expect(todayIn(at, 'Europe/Berlin')).toBe('2026-03-11');
    expect(todayIn(at, 'America/New_York')).toBe('2026-03-10');
    expect(todayIn(at, 'UTC')).toBe('2026-03-10');
  });

  it('a day that starts at 06:00 still counts the night as the day before', () => {
    const at = Date.UTC(2026, 2, 11, 4, 0); // 05:00 in Berlin
    expect(todayIn(at, 'Europe/Berlin', '06:00')).toBe('2026-03-10');
    expect(todayIn(at, 'Europe/Berlin', '00:00')).toBe('2026-03-11');
  });

  it('on the DST days (23 and 25 hours) yesterday is still one label back', () => {
    // Europe/Berlin: 2026-03-29 has 23 hours, 2026-10-25 has 25.
    const spring = Date.UTC(2026, 2, 29, 22, 30); // 00:30 on the 30th, CEST
    expect(todayIn(spring, 'Europe/Berlin')).toBe('2026-03-30');
    expect(presetRange('yesterday', todayIn(spring, 'Europe/Berlin'))).toEqual({
      from: '2026-03-29',
      to: '2026-03-29',
    });
    const autumn = Date.UTC(2026, 9, 25, 22, 59); // 23:59 on the 25th, CET
    expect(todayIn(autumn, 'Europe/Berlin')).toBe('2026-10-25');
  });
});

describe('presets', () => {
  it('weeks start on Monday', () => {
    expect(mondayOf('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(mondayOf('2026-12-13')).toBe('2026-12-07'); // its Sunday
    expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across the year
    expect(presetRange('thisWeek', '2026-12-10')).toEqual({ from: '2026-12-07', to: '2026-12-10' });
    expect(presetRange('lastWeek', '2026-12-10')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetRange('lastWeek', '2026-12-07')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
  });

  it('months: this month so far, last month whole, across the year and in a leap year', () => {
    expect(presetRange('thisMonth', '2026-03-31')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(presetRange('lastMonth', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('lastMonth', '2028-03-15')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetRange('lastMonth', '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('today, yesterday and across a month and a year', () => {
    expect(presetRange('today', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(presetRange('yesterday', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(presetRange('yesterday', '2027-01-01')).toEqual({ from: '2026-12-31', to: '2026-12-31' });
  });
});

describe('previousRange: like against like', () => {
  it('a day against the day before', () => {
    expect(previousRange({ from: '2026-03-30', to: '2026-03-30' }, 'today')).toEqual({
      from: '2026-03-29',
      to: '2026-03-29',
    });
  });

  it('this week so far against the same weekdays of last week', () => {
    const thisWeek = presetRange('thisWeek', '2026-12-09');
    expect(previousRange(thisWeek, 'thisWeek')).toEqual({ from: '2026-11-30', to: '2026-12-02' });
    expect(previousRange(presetRange('lastWeek', '2026-12-09'), 'lastWeek')).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
    });
  });

  it('a whole month against the whole month before; a month so far cut at the shorter month’s end', () => {
    // "This month" on March 31 is the whole of March: against the whole of February.
    expect(previousRange(presetRange('thisMonth', '2026-03-31'), 'thisMonth')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    // On March 30 it is March 1–30: February has no 30th, so all of February.
    expect(previousRange(presetRange('thisMonth', '2026-03-30'), 'thisMonth')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousRange(presetRange('thisMonth', '2026-03-12'), 'thisMonth')).toEqual({
      from: '2026-02-01',
      to: '2026-02-12',
    });
    // Last month (February) against January, whole: 31 days.
    expect(previousRange(presetRange('lastMonth', '2026-03-31'), 'lastMonth')).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(previousRange(presetRange('lastMonth', '2027-01-10'), 'lastMonth')).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
    });
  });

  it('a custom range against as many days just before it', () => {
    const r = { from: '2026-03-28', to: '2026-04-02' };
    const p = previousRange(r, 'custom');
    expect(p).toEqual({ from: '2026-03-22', to: '2026-03-27' });
    expect(daysIn(p)).toBe(daysIn(r));
  });
});

describe('labels and intervals', () => {
  it('isDayLabel refuses days that do not exist', () => {
    expect(isDayLabel('2026-02-28')).toBe(true);
    expect(isDayLabel('2026-02-29')).toBe(false);
    expect(isDayLabel('2026-4-1')).toBe(false);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('the page refuses exactly what the API refuses', () => {
    expect(INTERVAL_MAX_DAYS).toEqual({ '15m': 7, hour: 14, day: 800, week: 3660 });
    expect(intervalRefusal('15m', 7)).toBeNull();
    expect(intervalRefusal('15m', 8)).toMatch(/at most 7 days; this range has 8/);
    expect(intervalRefusal('hour', 31)).toMatch(/at most 14 days/);
    expect(intervalRefusal('day', 31)).toBeNull();
    expect(defaultInterval(1)).toBe('hour');
    expect(defaultInterval(31)).toBe('day');
    expect(defaultInterval(400)).toBe('week');
  });
});
