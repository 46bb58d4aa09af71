import fc from 'fast-check';
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

/** Local "HH:MM" of an instant, for checking where a day really starts. */
const localHm = (at: number, zone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);

/** Local wall time of an instant as ms, to see clock jumps. */
function wallOf(at: number, zone: string): number {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second);
}

describe('dayWindow with a reset time', () => {
  it('with a 06:00 reset, 03:00 local belongs to yesterday and 06:00 starts today', () => {
    const night = dayWindow(Date.UTC(2026, 0, 15, 3), 'Europe/London', '06:00');
    expect(night).toEqual({
      day: '2026-01-14',
      start: Date.UTC(2026, 0, 14, 6),
      end: Date.UTC(2026, 0, 15, 6),
    });
    expect(dayWindow(Date.UTC(2026, 0, 15, 6), 'Europe/London', '06:00').day).toBe('2026-01-15');
    expect(dayWindow(Date.UTC(2026, 0, 15, 6) - 1, 'Europe/London', '06:00').day).toBe('2026-01-14');
    // The default is midnight, as before.
    expect(dayWindow(Date.UTC(2026, 0, 15, 3), 'Europe/London').day).toBe('2026-01-15');
  });

  it('buckets count from the reset: bucket 0 is 06:00', () => {
    const w = dayWindow(Date.UTC(2026, 6, 2, 12), 'Europe/London', '06:00');
    expect(bucketLabel(w, 0, 'Europe/London')).toBe('06:00');
    expect(bucketOf(w, Date.UTC(2026, 6, 2, 5, 16))).toBe(1); // 06:16 BST
  });

  it('London: the night of the clocks going forward is 23 h, going back 25 h, reset at 06:00', () => {
    const spring = dayWindow(Date.UTC(2026, 2, 28, 12), 'Europe/London', '06:00');
    expect(spring.start).toBe(Date.UTC(2026, 2, 28, 6)); // 06:00 GMT
    expect(spring.end).toBe(Date.UTC(2026, 2, 29, 5)); // 06:00 BST
    expect(spring.end - spring.start).toBe(23 * H);
    const autumn = dayWindow(Date.UTC(2026, 9, 24, 12), 'Europe/London', '06:00');
    expect(autumn.start).toBe(Date.UTC(2026, 9, 24, 5)); // 06:00 BST
    expect(autumn.end).toBe(Date.UTC(2026, 9, 25, 6)); // 06:00 GMT
    expect(autumn.end - autumn.start).toBe(25 * H);
  });

  it('London: a reset at 01:30 that the spring jump skips starts at 02:00 BST', () => {
    const w = dayWindow(Date.UTC(2026, 2, 29, 12), 'Europe/London', '01:30');
    expect(w.day).toBe('2026-03-29');
    expect(w.start).toBe(Date.UTC(2026, 2, 29, 1)); // 01:00 GMT jumps to 02:00 BST
    expect(localHm(w.start, 'Europe/London')).toBe('02:00');
    expect(w.end).toBe(Date.UTC(2026, 2, 30, 0, 30)); // 01:30 BST
  });

  it('New York: a reset at 01:30 that occurs twice in autumn starts at its first occurrence', () => {
    const before = dayWindow(Date.UTC(2026, 9, 31, 12), 'America/New_York', '01:30');
    const w = dayWindow(Date.UTC(2026, 10, 1, 12), 'America/New_York', '01:30');
    expect(w.day).toBe('2026-11-01');
    expect(w.start).toBe(Date.UTC(2026, 10, 1, 5, 30)); // 01:30 EDT, before the clocks go back
    expect(before.end).toBe(w.start);
    expect(w.end).toBe(Date.UTC(2026, 10, 2, 6, 30)); // 01:30 EST
    expect(w.end - w.start).toBe(25 * H);
    // The second 01:30 (EST) is inside the same day, not a new one.
    expect(dayWindow(Date.UTC(2026, 10, 1, 6, 30), 'America/New_York', '01:30').day).toBe('2026-11-01');
  });

  it('New York: a reset at 02:30 skipped in spring starts at 03:00 EDT; 06:00 resets make a 23 h day', () => {
    const w = dayWindow(Date.UTC(2026, 2, 8, 12), 'America/New_York', '02:30');
    expect(w.start).toBe(Date.UTC(2026, 2, 8, 7)); // 02:00 EST jumps to 03:00 EDT
    expect(localHm(w.start, 'America/New_York')).toBe('03:00');
    const six = dayWindow(Date.UTC(2026, 2, 7, 20), 'America/New_York', '06:00');
    expect(six.start).toBe(Date.UTC(2026, 2, 7, 11)); // 06:00 EST
    expect(six.end).toBe(Date.UTC(2026, 2, 8, 10)); // 06:00 EDT
  });

  it('property: windows tile time, contain their instant, and start at the reset time when it exists', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Australia/Lord_Howe',
      'America/Santiago',
      'Asia/Kolkata',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        (zone, t, hour, minute) => {
          const startsAt = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const w = dayWindow(t, zone, startsAt);
          expect(t >= w.start && t < w.end).toBe(true);
          expect(w.end - w.start).toBeGreaterThanOrEqual(22 * H);
          expect(w.end - w.start).toBeLessThanOrEqual(26 * H);
          expect(dayWindow(w.start, zone, startsAt)).toEqual(w);
          expect(dayWindow(w.end - 1, zone, startsAt)).toEqual(w);
          const next = dayWindow(w.end, zone, startsAt);
          expect(next.start).toBe(w.end);
          expect(next.day > w.day).toBe(true);
          // The day starts at the reset time, or (when a jump forward skips it) right at the jump.
          if (localHm(w.start, zone) !== startsAt)
            expect(wallOf(w.start, zone) - wallOf(w.start - 1000, zone)).toBeGreaterThan(1000);
        },
      ),
      { numRuns: 2000, seed: 20260606 },
    );
  });

  it('refuses a day start that is not HH:MM', () => {
    expect(() => dayWindow(0, 'UTC', '24:00')).toThrow(RangeError);
    expect(() => dayWindow(0, 'UTC', '6:00')).toThrow(RangeError);
  });
});
