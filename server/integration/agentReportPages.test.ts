import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClosedAgent } from '../../lib/domain/agentClose';
import { NO_FIGURES } from '../../lib/domain/agentDay';
import type { AgentQuarter } from '../../lib/domain/agentQuarters';
import type { AgentPageHead, AgentReportRow } from '../../lib/reports/agentRows';
import { sortAgentRows } from '../../lib/reports/agentRows';
import { AGENT_COLUMNS } from '../history/agentReport';
import { openStorage } from '../storage';
import { API_TOKEN, apiRequest, getJson, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * The agent report's pages over a real server on a real SQLite file: a closed day of 40 agents × 24
 * quarters written into history, then read 15 minutes, hours and days at a time: pages in the
 * server's order add up to the whole report, the totals are the whole report's (not the page's), the
 * CSV holds every row in the same order whatever page was asked, and bad paging is a 400.
 */
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the change
const Q = 15 * 60_000;
const AGENTS = 40;
const QUARTERS = 24; // 09:00–15:00

type Page = AgentPageHead & { interval: string; rows: AgentReportRow[] };
let app: TestCallboard;
const report = (query: string) =>
  getJson<Page>(app.url, `/api/v1/reports/agents?from=2026-03-10&to=2026-03-10&${query}`);

function quartersAndDays(): { quarters: AgentQuarter[]; agents: ClosedAgent[] } {
  const quarters: AgentQuarter[] = [];
  const agents: ClosedAgent[] = [];
  for (let a = 0; a < AGENTS; a++) {
    const agent = `t/${100 + a}`;
    let answered = 0;
    let talk = 0;
    let longest = 0;
    for (let i = 0; i < QUARTERS; i++) {
      const n = (a * 7 + i * 3) % 5; // 0–4: many ties, and quarters with no call have no row
      if (n === 0) continue;
      const t = 30 * n + a;
      answered += n;
      talk += t;
      longest = Math.max(longest, t);
      quarters.push({
        start: DAY + 9 * 3_600_000 + i * Q,
        agent,
        queue: 't/8001',
        figures: {
          ...NO_FIGURES,
          answered: n,
          handled: n,
          talkSeconds: t,
          wrapSeconds: n,
          longestTalkSeconds: t,
        },
        missed: a % 2 === 0 ? i % 2 : null,
      });
    }
    agents.push({
      agent,
      name: `Agent ${String.fromCharCode(65 + ((a * 11) % 26))}${a}`,
      queues: [
        {
          queue: 't/8001',
          figures: {
            ...NO_FIGURES,
            answered,
            handled: answered,
            talkSeconds: talk,
            wrapSeconds: answered,
            longestTalkSeconds: longest,
          },
          missed: null,
        },
      ],
      stateMs: {
        ready: 3_600_000 + a,
        queueCall: talk * 1000,
        otherCall: 0,
        wrapUp: answered * 1000,
        notReady: 60_000,
      },
    });
  }
  return { quarters, agents };
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-agent-pages-'));
  const storage = openStorage({ dataDir, journalWriter: 'inline' });
  const { quarters, agents } = quartersAndDays();
  storage.history.writeDay(
    { day: '2026-03-10', start: DAY, end: DAY + 86_400_000, queues: [], agents, agentQuarters: quarters },
    'recount',
    DAY + 86_400_000,
  );
  await storage.close();
  app = await startTestCallboard({ dataDir, now: () => DAY + 86_400_000 + 10 * 3_600_000 });
}, 60_000);
afterAll(() => app?.close({ remove: true }));

describe('GET /api/v1/reports/agents, paged', () => {
  it('15 minutes: pages in the server’s order add up to the whole report; each says the total; time in state unknown', async () => {
    const whole = await report('interval=15m');
    expect(whole.total).toBe(whole.rows.length);
    expect(whole.total).toBeGreaterThan(500);
    expect(whole.limit).toBeNull();
    // Without `sort`: period, then agent key (the report's own order, as before paging).
    expect(whole.rows.map((r) => `${r.start}|${r.agent}`)).toEqual(
      whole.rows.map((r) => `${r.start}|${r.agent}`).sort(),
    );
    const read: AgentReportRow[] = [];
    for (let offset = 0; offset < whole.total; offset += 97) {
      const p = await report(`interval=15m&sort=answered&dir=desc&offset=${offset}&limit=97`);
      expect(p).toMatchObject({
        total: whole.total,
        offset,
        limit: 97,
        sort: 'answered',
        dir: 'desc',
        interval: '15m',
      });
      expect(p.rows.length).toBe(Math.min(97, whole.total - offset));
      read.push(...p.rows);
    }
    expect(read).toEqual(sortAgentRows(whole.rows, { key: 'answered', dir: 'desc' }));
    for (let i = 1; i < read.length; i++)
      expect((read[i - 1] as AgentReportRow).answered).toBeGreaterThanOrEqual(
        (read[i] as AgentReportRow).answered,
      );
    for (const r of read) expect([r.readyMs, r.notReadyMs, r.loggedInMs]).toEqual([null, null, null]);
  });

  it('totals are the whole range’s on every page: counters summed, unknown state times null, not 0', async () => {
    const whole = await report('interval=15m');
    const last = await report(`interval=15m&offset=${whole.total - 3}&limit=50`);
    expect(last.rows).toHaveLength(3);
    const sum = (k: 'answered' | 'talkSeconds' | 'wrapSeconds') => whole.rows.reduce((n, r) => n + r[k], 0);
    for (const p of [whole, last])
      expect(p.totals).toMatchObject({
        answered: sum('answered'),
        talkSeconds: sum('talkSeconds'),
        wrapSeconds: sum('wrapSeconds'),
        longestTalkSeconds: Math.max(...whole.rows.map((r) => r.longestTalkSeconds)),
        missed: whole.rows.reduce((n, r) => n + (r.missed ?? 0), 0),
        readyMs: null,
        loggedInMs: null,
      });
    // The same day by days: the same counters, and the state times known and summed.
    const days = await report('interval=day&limit=10&sort=agent');
    expect(days.total).toBe(AGENTS);
    expect(days.rows).toHaveLength(10);
    expect(days.totals.answered).toBe(sum('answered'));
    expect(days.totals.readyMs).toBe(AGENTS * 3_600_000 + (AGENTS * (AGENTS - 1)) / 2);
    // Hours add the quarters up: fewer rows, the same totals.
    const hours = await report('interval=hour&limit=25');
    expect(hours.total).toBeLessThan(whole.total);
    expect(hours.totals).toEqual(whole.totals);
  });

  it('picked agents: their pages and totals; the agent list is still every agent, by name', async () => {
    const p = await report('interval=15m&agents=t/103,t/110&limit=5');
    expect(p.rows.every((r) => r.agent === 't/103' || r.agent === 't/110')).toBe(true);
    const whole = await report('interval=15m&agents=t/103,t/110');
    expect(p.total).toBe(whole.rows.length);
    expect(p.totals).toEqual(whole.totals);
    expect(p.agentList).toHaveLength(AGENTS);
    const names = p.agentList.map((a) => a.name as string);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  });

  it('the CSV holds every row in the asked order (no page), its name says the interval', async () => {
    const whole = await report('interval=15m');
    const sorted = sortAgentRows(whole.rows, { key: 'talkSeconds', dir: 'asc' });
    const res = await fetch(
      `${app.url}/api/v1/reports/agents?from=2026-03-10&to=2026-03-10&interval=15m&sort=talkSeconds&dir=asc&offset=40&limit=20&format=csv`,
      { headers: { authorization: `Bearer ${API_TOKEN}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="agents-2026-03-10-2026-03-10-15m.csv"',
    );
    const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual([...AGENT_COLUMNS]);
    expect(records.map((r) => `${r.start}|${r.agent}|${r.talkSeconds}|${r.readyMs}`)).toEqual(
      sorted.map((r) => `${r.start}|${r.agent}|${r.talkSeconds}|`),
    );
  });

  it.each([
    ['sort=nope', 'sort: expected one of period, agent'],
    ['dir=up', 'dir: expected asc or desc'],
    ['offset=-1&limit=5', 'offset: expected a whole number'],
    ['offset=1.5&limit=5', 'offset: expected a whole number'],
    ['limit=0', 'limit: expected a whole number from 1 to 500'],
    ['limit=501', 'limit: expected a whole number from 1 to 500'],
    ['offset=10', 'offset needs a limit'],
  ])('%s → 400 naming it', async (query, error) => {
    const res = await apiRequest(
      app.url,
      'GET',
      `/api/v1/reports/agents?from=2026-03-10&to=2026-03-10&${query}`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(error);
  });
});
