import { describe, expect, it } from 'vitest';
import { BUCKET_MS, bucketLabel, bucketOf, dayWindow, isValidTimeZone } from './time';

const H = 3600_000;

describe('dayWindow', () => {
  it('an ordinary London winter day is 24 h from local midnight (= UTC)', () => {
    const w = dayWindow(Date.UTC(2026, 0, 15, 13, 0), 'Europe/London');
    expect(w).toEqual({ day: '2026-01-15', start: Date.UTC(2026, 0, 15), end: Date.UTC(2026, 0, 16) });
  });

  it('a London summer day starts at 23:00 UTC the evening before', () => {
    const w = dayWindow(Date.UTC(2026, 6, 1, 23, 30), 'Europe/London');
    expect(w.day).toBe('2026-07-02');
    expect(w.start).toBe(Date.UTC(2026, 6, 1, 23));
  });

  it('the spring-forward day lasts 23 h and the fall-back day 25 h', () => {
    const spring = dayWindow(Date.UTC(2026, 2, 29, 12), 'Europe/London');
    expect(spring.end - spring.start).toBe(23 * H);
    const autumn = dayWindow(Date.UTC(2026, 9, 25, 12), 'Europe/London');
    expect(autumn.end - autumn.start).toBe(25 * H);
    expect(bucketOf(autumn, autumn.end - 1)).toBe(99);
  });

  it('where DST skips midnight (America/Santiago, 2026-09-06) the day starts at 01:00 local', () => {
    const w = dayWindow(Date.UTC(2026, 8, 6, 15), 'America/Santiago');
    expect(w.day).toBe('2026-09-06');
    // 00:00 does not exist that night; the first instant of the date is 01:00 -03 = 04:00 UTC.
    expect(w.start).toBe(Date.UTC(2026, 8, 6, 4));
    expect(w.end - w.start).toBe(23 * H);
  });

  it('the window contains the instant it was made from, at both edges', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
    ];
    for (const zone of zones) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * H + 13 * 60_000) {
        const w = dayWindow(t, zone);
        expect(t >= w.start && t < w.end, `${zone} ${new Date(t).toISOString()}`).toBe(true);
        expect(dayWindow(w.start, zone).day).toBe(w.day);
        expect(dayWindow(w.end - 1, zone).day).toBe(w.day);
        expect(dayWindow(w.end, zone).day).not.toBe(w.day);
      }
    }
  });

  it('labels buckets in local time and validates zones', () => {
    const w = dayWindow(Date.UTC(2026, 6, 2, 12), 'Europe/London');
    expect(bucketLabel(w, 0, 'Europe/London')).toBe('00:00');
    expect(bucketLabel(w, 37, 'Europe/London')).toBe('09:15');
    expect(bucketOf(w, w.start + 37 * BUCKET_MS + 1)).toBe(37);
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
