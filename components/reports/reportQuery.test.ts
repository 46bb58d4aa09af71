import { describe, expect, it } from 'vitest';
import { agentReportUrl } from '../../lib/reports/query';
import { agentOptionsOf, toggleAgent } from './agentOptions';
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

describe('the agents picked on the agents tab', () => {
  it('travel in the address and in the agents API query, comma-separated; none picked asks for all', () => {
    const c: ReportChoice = { ...base, agents: ['p/101', 'p/102'] };
    expect(searchOfChoice(c)).toBe('?range=yesterday&agents=p%2F101%2Cp%2F102');
    expect(choiceFromSearch(searchOfChoice(c), TODAY)).toEqual(c);
    expect(choiceFromSearch('?range=yesterday&agents=,p/101,', TODAY).agents).toEqual(['p/101']);
    expect(searchOfChoice({ ...base, agents: [] })).toBe('?range=yesterday');
    const range = { from: '2026-03-30', to: '2026-03-30' };
    const url = (agents?: readonly string[], csv = false) =>
      new URL(agentReportUrl(range, 'hour', { kind: 'board', board: 'b' }, csv, agents), 'http://x');
    expect(url(['p/101', 'p/102']).searchParams.get('agents')).toBe('p/101,p/102');
    expect(url(['p/101'], true).searchParams.get('format')).toBe('csv');
    // The page's granularity, not days: 15 minutes and hours come from the agent quarters.
    expect(url(['p/101']).searchParams.get('interval')).toBe('hour');
    expect(url(['p/101']).searchParams.get('board')).toBe('b');
    expect(url([]).searchParams.has('agents')).toBe(false);
    expect(url().searchParams.has('agents')).toBe(false);
  });

  it('a page asks for its order and rows; the CSV link for the same order and every row', () => {
    const range = { from: '2026-03-30', to: '2026-03-30' };
    const view = { key: 'answered', dir: 'desc', offset: 50, limit: 25 } as const;
    const page = new URL(agentReportUrl(range, '15m', { kind: 'all' }, false, [], view), 'http://x');
    expect(Object.fromEntries(page.searchParams)).toEqual({
      from: '2026-03-30',
      to: '2026-03-30',
      interval: '15m',
      sort: 'answered',
      dir: 'desc',
      offset: '50',
      limit: '25',
    });
    const csv = new URL(agentReportUrl(range, '15m', { kind: 'all' }, true, [], view), 'http://x');
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      from: '2026-03-30',
      to: '2026-03-30',
      interval: '15m',
      sort: 'answered',
      dir: 'desc',
      format: 'csv',
    });
    // Print report: the same order, every row (no page).
    const all = new URL(
      agentReportUrl(range, '15m', { kind: 'all' }, false, [], { ...view, limit: null }),
      'http://x',
    );
    expect(all.searchParams.has('limit')).toBe(false);
    expect(all.searchParams.has('offset')).toBe(false);
    expect(all.searchParams.get('sort')).toBe('answered');
  });

  it('the picker offers the report’s agents (the API’s list), and keeps a picked one the report lacks', () => {
    const rows = [
      { agent: 'p/102', name: 'Bo' },
      { agent: 'p/101', name: 'Ann' },
      { agent: 'p/103', name: null },
    ];
    expect(agentOptionsOf(rows, ['p/999'])).toEqual([
      { agent: 'p/101', label: 'Ann' },
      { agent: 'p/102', label: 'Bo' },
      { agent: 'p/103', label: 'p/103' },
      { agent: 'p/999', label: 'p/999' },
    ]);
    expect(toggleAgent(['p/102'], 'p/101')).toEqual(['p/101', 'p/102']);
    expect(toggleAgent(['p/101', 'p/102'], 'p/101')).toEqual(['p/102']);
  });
});
