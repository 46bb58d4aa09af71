import { describe, expect, it } from 'vitest';
import type { BucketRow } from '../protocol';
import { bucketServiceLevel, firstBucketOf, lastBucketOf, queueSeries } from './series';

const row = (bucket: number, label: string, offered: number): BucketRow => ({
  id: `q/${bucket}`,
  queue: 'q',
  bucket,
  label,
  offered,
  answered: offered,
  abandoned: 0,
  answeredWithinSla: offered,
  shortAbandoned: 0,
  overflowed: 0,
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

describe('bucket service level under a board’s formula', () => {
  // 10 offered: 6 answered (3 within SLA), 3 abandoned (1 short), 1 overflowed. Default: 3 ÷ 9.
  const bucket: BucketRow = {
    ...row(40, '10:00', 10),
    answered: 6,
    abandoned: 3,
    answeredWithinSla: 3,
    shortAbandoned: 1,
    overflowed: 1,
    serviceLevel: 3 / 9,
  };

  it('the default formula is the row’s own ratio', () => {
    expect(bucketServiceLevel(bucket, 'excludeShortAbandons')).toBe(3 / 9);
    expect(queueSeries([bucket], { first: 40, last: 40 })[0]?.serviceLevel).toBe(3 / 9);
  });

  it('another formula is recomputed from the row’s counters', () => {
    expect(bucketServiceLevel(bucket, 'abandonsCountAgainst')).toBe(3 / 10);
    expect(bucketServiceLevel(bucket, 'answeredOnly')).toBe(3 / 6);
    expect(bucketServiceLevel(bucket, 'allOffered')).toBe(3 / 10);
    expect(queueSeries([bucket], { first: 40, last: 40 }, 'answeredOnly')[0]?.serviceLevel).toBe(0.5);
  });
});
