import { describe, expect, it } from 'vitest';
import { choiceFromSearch, type ReportChoice, resolveQuery, searchOfChoice } from './reportQuery';

const TODAY = '2026-03-31';
const base: ReportChoice = {
  preset: 'yesterday',
  custom: { from: TODAY, to: TODAY },
  scope: { kind: 'all' },
  interval: null,
};

describe('resolveQuery', () => {
  it('a preset: its range, the previous one, the default granularity, live only with today in it', () => {
    const q = resolveQuery(base, TODAY);
    expect(q).toMatchObject({
      ok: true,
      range: { from: '2026-03-30', to: '2026-03-30' },
      previous: { from: '2026-03-29', to: '2026-03-29' },
      interval: 'hour',
      refused: null,
      live: false,
    });
    expect(resolveQuery({ ...base, preset: 'thisMonth' }, TODAY)).toMatchObject({
      live: true,
      interval: 'day',
    });
  });

  it('a granularity the API refuses for the range falls back to the default, saying why', () => {
    const q = resolveQuery({ ...base, preset: 'lastMonth', interval: '15m' }, TODAY);
    expect(q).toMatchObject({ ok: true, interval: 'day', days: 28 });
    expect(q.ok && q.refused).toMatch(/at most 7 days; this range has 28/);
  });

  it('a custom range must be real days, in order, not all in the future', () => {
    const custom = (from: string, to: string) =>
      resolveQuery({ ...base, preset: 'custom', custom: { from, to } }, TODAY);
    expect(custom('2026-02-30', '2026-03-02')).toMatchObject({ ok: false });
    expect(custom('2026-03-10', '2026-03-02')).toEqual({
      ok: false,
      error: 'The last day is before the first.',
    });
    expect(custom('2026-04-01', '2026-04-02')).toMatchObject({ ok: false });
    expect(custom('2026-03-02', '2026-03-10')).toMatchObject({
      ok: true,
      previous: { from: '2026-02-21', to: '2026-03-01' },
    });
  });
});

describe('the choice in the address', () => {
  it('round-trips, and anything unreadable is the default', () => {
    const c: ReportChoice = {
      preset: 'custom',
      custom: { from: '2026-03-01', to: '2026-03-07' },
      scope: { kind: 'queues', queues: ['p/8001', 'p/8002'] },
      interval: '15m',
    };
    expect(choiceFromSearch(searchOfChoice(c), TODAY)).toEqual(c);
    const b: ReportChoice = { ...base, scope: { kind: 'board', board: 'sales' }, interval: 'week' };
    expect(choiceFromSearch(searchOfChoice(b), TODAY)).toEqual(b);
    expect(choiceFromSearch('?range=nonsense&interval=year', TODAY)).toEqual({ ...base, preset: 'today' });
  });
});
