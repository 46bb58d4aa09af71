import { describe, expect, it } from 'vitest';
import { agentListOf, agentPageOf, agentTotalsOf } from './agentPage';
import type { AgentReportRow } from './agentRows';

const Q = 15 * 60_000;
const T0 = Date.UTC(2026, 2, 10, 9);

/** A 15-minute row: call counters, state times unknown (not kept per quarter). */
function row(i: number, agent: string, answered: number, o: Partial<AgentReportRow> = {}): AgentReportRow {
  return {
    period: new Date(T0 + i * Q).toISOString(),
    start: T0 + i * Q,
    agent,
    name: `Agent ${agent.slice(2)}`,
    answered,
    missed: null,
    handled: answered,
    talkSeconds: 60 * answered,
    holdSeconds: answered,
    wrapSeconds: 10 * answered,
    longestTalkSeconds: answered > 0 ? 60 + i : 0,
    ahtSeconds: answered > 0 ? 71 : null,
    readyMs: null,
    queueCallMs: null,
    otherCallMs: null,
    wrapUpMs: null,
    notReadyMs: null,
    loggedInMs: null,
    ...o,
  };
}

/** 30 quarters × 7 agents: 210 rows, many with equal answered counts (ties must still page stably). */
const ROWS: AgentReportRow[] = [];
for (let i = 0; i < 30; i++)
  for (let a = 101; a <= 107; a++)
    ROWS.push(row(i, `t/${a}`, (i * a) % 4, { missed: a === 101 ? i % 2 : null }));

describe('agent report pages (the server sorts and pages, the browser shows one page)', () => {
  it('pages read one after another are the whole sorted report, each row once, for every order', () => {
    for (const [key, dir] of [
      ['period', 'asc'],
      ['answered', 'desc'],
      ['missed', 'asc'],
      ['agent', 'desc'],
      ['loggedInMs', 'desc'],
    ] as const) {
      const whole = agentPageOf(ROWS, { key, dir, offset: 0, limit: null, agents: 'all' });
      expect(whole.head.total).toBe(210);
      expect(whole.page).toHaveLength(210);
      const read: AgentReportRow[] = [];
      for (let offset = 0; offset < 210; offset += 25) {
        const p = agentPageOf(ROWS, { key, dir, offset, limit: 25, agents: 'all' });
        expect(p.head).toMatchObject({ total: 210, offset, limit: 25, sort: key, dir });
        expect(p.page.length).toBe(Math.min(25, 210 - offset));
        read.push(...p.page);
      }
      expect(read).toEqual(whole.page);
      expect(new Set(read.map((r) => `${r.start}|${r.agent}`)).size).toBe(210);
    }
  });

  it('sorted by a figure: that figure in order, ties by period then agent; unknown after known both ways', () => {
    const { page } = agentPageOf(ROWS, {
      key: 'answered',
      dir: 'desc',
      offset: 0,
      limit: 500,
      agents: 'all',
    });
    for (let i = 1; i < page.length; i++) {
      const [a, b] = [page[i - 1] as AgentReportRow, page[i] as AgentReportRow];
      expect(a.answered).toBeGreaterThanOrEqual(b.answered);
      if (a.answered === b.answered)
        expect(a.start < b.start || (a.start === b.start && a.agent < b.agent)).toBe(true);
    }
    for (const dir of ['asc', 'desc'] as const) {
      const missed = agentPageOf(ROWS, { key: 'missed', dir, offset: 0, limit: 500, agents: 'all' }).page;
      const known = missed.filter((r) => r.missed !== null).length;
      expect(known).toBe(30);
      expect(missed.slice(known).every((r) => r.missed === null)).toBe(true);
    }
  });

  it('totals are the whole report’s, not the page’s; state times stay unknown (null) when no row knows them', () => {
    const p = agentPageOf(ROWS, { key: 'period', dir: 'asc', offset: 200, limit: 25, agents: 'all' });
    expect(p.page).toHaveLength(10);
    const sum = (k: 'answered' | 'talkSeconds' | 'handled') => ROWS.reduce((n, r) => n + r[k], 0);
    expect(p.head.totals).toMatchObject({
      answered: sum('answered'),
      handled: sum('handled'),
      talkSeconds: sum('talkSeconds'),
      longestTalkSeconds: 60 + 29,
      // Only 101's rows know missed: the sum of those, not of every row as 0.
      missed: 15,
      readyMs: null,
      notReadyMs: null,
      loggedInMs: null,
    });
    expect(p.head.totals.ahtSeconds).toBeCloseTo(71);
  });

  it('day rows: state times summed; missed null when no row knows it; AHT of the sums, null with nothing handled', () => {
    const day = (agent: string, answered: number, ready: number) =>
      row(0, agent, answered, {
        readyMs: ready,
        queueCallMs: 1,
        otherCallMs: 0,
        wrapUpMs: 2,
        notReadyMs: 3,
        loggedInMs: ready + 6,
      });
    const t = agentTotalsOf([day('t/101', 2, 1000), day('t/102', 0, 500)]);
    expect(t).toMatchObject({ readyMs: 1500, notReadyMs: 6, loggedInMs: 1512, missed: null, handled: 2 });
    expect(t.ahtSeconds).toBe((120 + 2 + 20) / 2);
    expect(agentTotalsOf([day('t/102', 0, 5)]).ahtSeconds).toBeNull();
    expect(agentTotalsOf([])).toMatchObject({ answered: 0, missed: null, readyMs: null, ahtSeconds: null });
  });

  it('picked agents: their rows, count and totals; the agent list stays the whole report’s, by name with the latest', () => {
    const p = agentPageOf(ROWS, {
      key: 'period',
      dir: 'asc',
      offset: 0,
      limit: 25,
      agents: ['t/103', 't/999'],
    });
    expect(p.head.total).toBe(30);
    expect(p.page.every((r) => r.agent === 't/103')).toBe(true);
    expect(p.head.totals.answered).toBe(
      ROWS.filter((r) => r.agent === 't/103').reduce((n, r) => n + r.answered, 0),
    );
    expect(p.head.agentList.map((a) => a.agent)).toEqual([
      't/101',
      't/102',
      't/103',
      't/104',
      't/105',
      't/106',
      't/107',
    ]);
    const renamed = [
      row(0, 't/2', 1, { name: 'Old' }),
      row(2, 't/2', 1, { name: 'Zed' }),
      row(1, 't/2', 1, { name: null }),
      row(0, 't/10', 1, { name: null }),
      row(0, 't/9', 1, { name: 'ann' }),
    ];
    expect(agentListOf(renamed)).toEqual([
      { agent: 't/9', name: 'ann' },
      { agent: 't/10', name: null },
      { agent: 't/2', name: 'Zed' },
    ]);
  });
});
