import { describe, expect, it } from 'vitest';
import type { BucketRow } from '../protocol';
import { firstBucketOf, lastBucketOf, queueSeries } from './series';

const row = (bucket: number, label: string, offered: number): BucketRow => ({
  id: `q/${bucket}`,
  queue: 'q',
  bucket,
  label,
  offered,
  answered: offered,
  abandoned: 0,
  serviceLevel: 1,
  asaSeconds: 5,
});

describe('queueSeries', () => {
  it('fills the empty buckets between first and last with zeros and null ratios', () => {
    const s = queueSeries([row(37, '09:15', 3), row(39, '09:45', 1)], { first: 36, last: 40 });
    expect(s.map((p) => p.label)).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00']);
    expect(s.map((p) => p.offered)).toEqual([0, 3, 0, 1, 0]);
    expect(s[2]?.serviceLevel).toBeNull();
    expect(s[1]?.serviceLevel).toBe(1);
  });

  it('labels filled buckets from the nearest known one (DST days shift the clock)', () => {
    // A spring-forward day: bucket 8 is 03:00 local.
    const s = queueSeries([row(8, '03:00', 1)], { first: 6, last: 9 });
    expect(s.map((p) => p.label)).toEqual(['02:30', '02:45', '03:00', '03:15']);
    expect(queueSeries([], { first: 0, last: 1 }).map((p) => p.label)).toEqual(['00:00', '00:15']);
  });

  it('empty ranges', () => {
    expect(queueSeries([row(1, '00:15', 1)], null)).toEqual([]);
    expect(queueSeries([], { first: 3, last: 2 })).toEqual([]);
  });

  it('range from all rows: first rounded down to the hour', () => {
    const rows = [row(37, '09:15', 1), row(50, '12:30', 1)];
    expect(firstBucketOf(rows)).toBe(36);
    expect(lastBucketOf(rows)).toBe(50);
    expect(firstBucketOf([])).toBeNull();
  });
});
