import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_COLUMNS } from '../history/agentReport';
import { API_TOKEN, apiRequest, getJson, type TestCallboard } from '../testing/callboard';
import { DAY, startReportDays } from '../testing/reportDays';

/**
 * The agent report over a real server (server/testing/reportDays.ts): yesterday's agent figures from
 * history (closed at the restart, from the journal), today live; filters; weeks; the CSV parses back
 * to the JSON; bad parameters are 400s naming them.
 */
interface AgentRow {
  period: string;
  start: number;
  agent: string;
  name: string | null;
  answered: number;
  missed: number | null;
  handled: number;
  talkSeconds: number;
  holdSeconds: number;
  wrapSeconds: number;
  longestTalkSeconds: number;
  ahtSeconds: number | null;
  readyMs: number | null;
  queueCallMs: number | null;
  wrapUpMs: number | null;
  loggedInMs: number | null;
}
const agents = (query: string) =>
  getJson<{ rows: AgentRow[]; interval: string }>(app.url, `/api/v1/reports/agents?${query}`);
let app: TestCallboard;
beforeAll(async () => {
  app = await startReportDays();
}, 60_000);
afterAll(() => app.close({ remove: true }));

describe('GET /api/v1/reports/agents', () => {
  it('yesterday from history, today live: counters over the agent’s queues, the agent’s own time in state', async () => {
    const r = await agents('from=2026-03-10&to=2026-03-11');
    expect(r.interval).toBe('day');
    const y = (agent: string) =>
      r.rows.find((x) => x.period === '2026-03-10T00:00:00+00:00' && x.agent === agent);
    expect(y('t/101')).toMatchObject({
      start: DAY,
      answered: 3,
      // Known in 8001 (its calls report rings): 0; unknown in 8002: the sum of the known.
      missed: 0,
      handled: 3,
      talkSeconds: 480,
      holdSeconds: 0,
      wrapSeconds: 40,
      longestTalkSeconds: 300,
      ahtSeconds: 520 / 3,
    });
    // Ready from the first call's end until midnight in its longest queue (8001: 10:00:50 → 24:00).
    expect(y('t/101')?.queueCallMs).toBe(420_000);
    expect(y('t/101')?.loggedInMs).toBe((y('t/101')?.readyMs as number) + 420_000 + 30_000);
    expect(y('t/102')).toMatchObject({ answered: 1, missed: 1, talkSeconds: 200, wrapSeconds: 20 });
    // Today live: 102 answered one in 8001 at 09:00:15, ready since 09:01:50 until now (10:00).
    // (101 changed state last yesterday, before the restart's look-back; with no PBX link here to
    // send its snapshot, the restarted board does not know them today.)
    const today = r.rows.filter((x) => x.period === '2026-03-11T00:00:00+00:00');
    expect(today.map((x) => [x.agent, x.answered])).toEqual([['t/102', 1]]);
    expect(today[0]?.readyMs).toBe((58 * 60 + 10) * 1000);
    // Sorted by period then agent.
    expect(r.rows.map((x) => `${x.start}|${x.agent}`)).toEqual(
      [...r.rows].map((x) => `${x.start}|${x.agent}`).sort(),
    );
  });

  it('a queue filter sums the counters of those queues only; the agent filter; weeks sum the days', async () => {
    const only = await agents('from=2026-03-10&to=2026-03-10&queues=t/8002');
    expect(only.rows.map((x) => [x.agent, x.answered, x.talkSeconds, x.missed])).toEqual([
      ['t/101', 1, 60, null],
      ['t/102', 1, 200, null],
    ]);
    const all = await agents('from=2026-03-10&to=2026-03-10');
    // Time in state is the agent's own, whatever the queues picked.
    expect(only.rows.map((x) => x.readyMs)).toEqual(all.rows.map((x) => x.readyMs));
    const one = await agents('from=2026-03-10&to=2026-03-11&agents=t/102');
    expect(new Set(one.rows.map((x) => x.agent))).toEqual(new Set(['t/102']));
    const days = await agents('from=2026-03-10&to=2026-03-11');
    const weeks = await agents('from=2026-03-10&to=2026-03-11&interval=week');
    expect(weeks.rows.map((x) => x.period)).toEqual([
      '2026-03-09T00:00:00+00:00',
      '2026-03-09T00:00:00+00:00',
    ]);
    for (const w of weeks.rows) {
      const ofAgent = days.rows.filter((x) => x.agent === w.agent);
      expect(w.answered).toBe(ofAgent.reduce((n, x) => n + x.answered, 0));
      expect(w.loggedInMs).toBe(ofAgent.reduce((n, x) => n + (x.loggedInMs as number), 0));
    }
  });

  it('15 minutes and hours: each call in the quarter (hour) of its queue entry, history and today live; time in state null', async () => {
    const q = await agents('from=2026-03-10&to=2026-03-11&interval=15m');
    expect(q.interval).toBe('15m');
    expect(q.rows.map((x) => [x.period, x.agent, x.answered, x.talkSeconds, x.missed])).toEqual([
      // 101 answered s1; 102 was rung for it and did not answer (8001 has legs: missed known).
      ['2026-03-10T09:00:00+00:00', 't/101', 1, 120, 0],
      ['2026-03-10T09:00:00+00:00', 't/102', 0, 0, 1],
      ['2026-03-10T10:00:00+00:00', 't/101', 1, 300, 0],
      // 8002: no source reports its rings, so missed is unknown.
      ['2026-03-10T11:00:00+00:00', 't/101', 1, 60, null],
      ['2026-03-10T12:00:00+00:00', 't/102', 1, 200, null],
      // Today, live (no rings reported today: unknown, as the live day row has it).
      ['2026-03-11T09:00:00+00:00', 't/102', 1, 90, null],
    ]);
    for (const r of q.rows) {
      expect([r.readyMs, r.queueCallMs, r.wrapUpMs, r.loggedInMs]).toEqual([null, null, null, null]);
      expect(r.start).toBe(Date.parse(r.period));
    }
    // The name comes from the agent's day.
    const days = await agents('from=2026-03-10&to=2026-03-11');
    const nameOf = (rows: AgentRow[], a: string) => rows.find((x) => x.agent === a)?.name;
    expect(nameOf(q.rows, 't/101')).toBe(nameOf(days.rows, 't/101'));
    // Quarters and hours sum to the days, per agent and day; a queue filter picks the quarters too.
    const hours = await agents('from=2026-03-10&to=2026-03-11&interval=hour');
    expect(hours.rows.map((x) => x.period.slice(11, 16))).toEqual([
      '09:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '09:00',
    ]);
    for (const d of days.rows) {
      const inDay = (x: AgentRow) =>
        x.agent === d.agent && x.start >= d.start && x.start < d.start + 86_400_000;
      for (const rows of [q.rows, hours.rows]) {
        const of = rows.filter(inDay);
        expect(
          of.reduce((n, x) => n + x.answered, 0),
          `${d.period} ${d.agent}`,
        ).toBe(d.answered);
        expect(of.reduce((n, x) => n + x.talkSeconds + x.wrapSeconds, 0)).toBe(d.talkSeconds + d.wrapSeconds);
      }
    }
    const only = await agents('from=2026-03-10&to=2026-03-10&interval=15m&queues=t/8002');
    expect(only.rows.map((x) => [x.period.slice(11, 16), x.agent])).toEqual([
      ['11:00', 't/101'],
      ['12:00', 't/102'],
    ]);
  });

  it('CSV parses back to the JSON rows, the same columns in the same order', async () => {
    const query = 'from=2026-03-10&to=2026-03-11';
    const j = await getJson<{ rows: Record<string, unknown>[] }>(app.url, `/api/v1/reports/agents?${query}`);
    const res = await fetch(`${app.url}/api/v1/reports/agents?${query}&format=csv`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="agents-2026-03-10-2026-03-11-day.csv"',
    );
    const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual([...AGENT_COLUMNS]);
    expect(Object.keys(j.rows[0] ?? {})).toEqual([...AGENT_COLUMNS]);
    const typed = records.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          k === 'period' || k === 'agent' || k === 'name'
            ? v === ''
              ? null
              : v
            : v === ''
              ? null
              : Number(v),
        ]),
      ),
    );
    expect(typed).toEqual(j.rows);
  });

  it.each([
    ['', 'from and to are required'],
    ['from=2026-03-10&to=2026-03-11&interval=minute', 'interval: expected one of 15m, hour, day, week'],
    ['from=2026-03-01&to=2026-03-11&interval=15m', 'a 15m report spans at most 7 days'],
    ['from=2026-02-01&to=2026-03-11&interval=hour', 'a hour report spans at most 14 days'],
    ['from=2026-3-10&to=2026-03-11', 'from: expected a day'],
    ['from=2026-03-11&to=2026-03-10', 'to is before from'],
    ['from=2020-01-01&to=2026-03-11', 'spans at most 800 days'],
    ['from=2026-03-10&to=2026-03-11&agents=nope', 'agents: "nope" is not <scope>/<extension>'],
    ['from=2026-03-10&to=2026-03-11&queues=nope', 'queues: "nope" is not <scope>/<queue>'],
    ['from=2026-03-10&to=2026-03-11&queues=t/1&board=b', 'not both'],
    ['from=2026-03-10&to=2026-03-11&format=xml', 'format: expected csv or json'],
  ])('%s → 400 naming the problem', async (query, error) => {
    const res = await apiRequest(app.url, 'GET', `/api/v1/reports/agents?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(error);
  });
});
