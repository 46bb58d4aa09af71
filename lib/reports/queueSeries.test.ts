import { describe, expect, it } from 'vitest';
import { ZERO } from '../domain/figures';
import { queueReportUrl } from './query';
import { changeOf, comparePoints, placeOf, type QueueReportRow, totalOf } from './queueSeries';

function row(period: string, queue: string, f: Partial<typeof ZERO>): QueueReportRow {
  return {
    ...ZERO,
    ...f,
    period,
    start: Date.parse(period),
    queue,
    serviceLevel: null,
    abandonRate: null,
    asaSeconds: null,
    ahtSeconds: null,
  };
}

describe('totals: counters added first, ratios of the sums', () => {
  it('ASA is all waits over all answered, not a mean of means', () => {
    const rows = [
      row('2026-12-07T00:00:00+01:00', 'a/1', { offered: 10, answered: 9, waited: 9, waitMs: 90_000 }),
      row('2026-12-07T00:00:00+01:00', 'a/2', {
        offered: 2,
        answered: 1,
        abandoned: 1,
        waited: 1,
        waitMs: 50_000,
      }),
    ];
    const t = totalOf(rows);
    expect(t.offered).toBe(12);
    expect(t.abandoned).toBe(1);
    expect(t.asaSeconds).toBeCloseTo(14, 5); // 140 s / 10, where the mean of means would say 30
  });

  it('nothing to divide is unknown, not 0', () => {
    expect(totalOf([]).serviceLevel).toBeNull();
    expect(totalOf([]).asaSeconds).toBeNull();
  });
});

describe('placeOf and comparePoints: like meets like', () => {
  it('days meet by their place in the range; hours by day and local time, through a DST change', () => {
    const week = { from: '2026-03-23', to: '2026-03-29' };
    expect(placeOf('2026-03-29T00:00:00+01:00', week, 'day')).toBe('6');
    // 03:00 CEST on the 23-hour day meets 03:00 CET of the day before.
    const today = { from: '2026-03-29', to: '2026-03-29' };
    const yesterday = { from: '2026-03-28', to: '2026-03-28' };
    expect(placeOf('2026-03-29T03:00:00+02:00', today, 'hour')).toBe(
      placeOf('2026-03-28T03:00:00+01:00', yesterday, 'hour'),
    );
    expect(placeOf('2026-03-30T00:00:00+02:00', { from: '2026-03-23', to: '2026-04-05' }, 'week')).toBe('1');
  });

  it('sums the queues of a period and pairs it with the previous range’s, nulls where one side is quiet', () => {
    const current = {
      range: { from: '2026-12-07', to: '2026-12-07' },
      rows: [
        row('2026-12-07T09:00:00+01:00', 'a/1', { offered: 3 }),
        row('2026-12-07T09:00:00+01:00', 'a/2', { offered: 4 }),
        row('2026-12-07T11:00:00+01:00', 'a/1', { offered: 1 }),
      ],
    };
    const previous = {
      range: { from: '2026-12-06', to: '2026-12-06' },
      rows: [
        row('2026-12-06T09:00:00+01:00', 'a/1', { offered: 5 }),
        row('2026-12-06T10:00:00+01:00', 'a/1', { offered: 2 }),
      ],
    };
    const points = comparePoints(current, previous, 'hour');
    expect(points.map((p) => [p.place, p.current?.offered ?? null, p.previous?.offered ?? null])).toEqual([
      ['0 09:00', 7, 5],
      ['0 10:00', null, 2],
      ['0 11:00', 1, null],
    ]);
    expect(points[1]?.label).toBe('2026-12-06T10:00:00+01:00');
  });

  it('change: counts relative to before, ratios in points only, unknown stays unknown', () => {
    const a = totalOf([
      row('2026-12-07T00:00:00Z', 'a/1', { offered: 12, answered: 12, answeredWithinSla: 9 }),
    ]);
    const b = totalOf([
      row('2026-12-06T00:00:00Z', 'a/1', { offered: 8, answered: 8, answeredWithinSla: 8 }),
    ]);
    expect(changeOf('offered', a, b)).toEqual({ delta: 4, relative: 0.5 });
    expect(changeOf('serviceLevel', a, b).delta).toBeCloseTo(-0.25, 5);
    expect(changeOf('serviceLevel', a, b).relative).toBeNull();
    expect(changeOf('asaSeconds', a, b)).toEqual({ delta: null, relative: null });
  });
});

describe('report URLs', () => {
  it('carry the range, granularity and one queue scope, and ask for CSV with the same query', () => {
    const r = { from: '2026-12-01', to: '2026-12-07' };
    expect(queueReportUrl(r, 'day', { kind: 'all' })).toBe(
      '/api/v1/reports/queues?from=2026-12-01&to=2026-12-07&interval=day',
    );
    expect(queueReportUrl(r, 'hour', { kind: 'queues', queues: ['pbx/8001', 'pbx/8002'] }, true)).toBe(
      '/api/v1/reports/queues?from=2026-12-01&to=2026-12-07&interval=hour&queues=pbx%2F8001%2Cpbx%2F8002&format=csv',
    );
    expect(queueReportUrl(r, 'week', { kind: 'board', board: 'all-queues' })).toContain('&board=all-queues');
  });
});
