import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_COLUMNS } from '../history/callList';
import { API_TOKEN, apiRequest, getJson, type TestCallboard } from '../testing/callboard';
import { startReportDays } from '../testing/reportDays';

/**
 * The day's call list over a real server (server/testing/reportDays.ts): yesterday rebuilt from the
 * journal, today from the board, callers masked as a board says, the CSV parses back to the JSON,
 * refusals with the reason.
 */
interface CallRow {
  queue: string;
  caller: string | null;
  enqueued: string | null;
  outcome: string;
  agent: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  wrapSeconds: number | null;
}
const calls = (query: string) =>
  getJson<{ day: string; rows: CallRow[] }>(app.url, `/api/v1/reports/calls?${query}`);

let app: TestCallboard;
beforeAll(async () => {
  app = await startReportDays();
}, 60_000);
afterAll(() => app.close({ remove: true }));

describe('GET /api/v1/reports/calls', () => {
  it('a closed day rebuilt from the journal: one row per queue visit, in time order', async () => {
    const r = await calls('day=2026-03-10');
    expect(r.rows).toEqual([
      {
        queue: 't/8001',
        caller: '07912345123',
        enqueued: '2026-03-10T09:00:00+00:00',
        outcome: 'answered',
        agent: 't/101',
        waitSeconds: 10,
        talkSeconds: 120,
        wrapSeconds: 30,
      },
      {
        queue: 't/8001',
        caller: '07912345124',
        enqueued: '2026-03-10T10:00:00+00:00',
        outcome: 'answered',
        agent: 't/101',
        waitSeconds: 20,
        talkSeconds: 300,
        wrapSeconds: 0,
      },
      {
        queue: 't/8002',
        caller: null,
        enqueued: '2026-03-10T11:00:00+00:00',
        outcome: 'answered',
        agent: 't/101',
        waitSeconds: 5,
        talkSeconds: 60,
        wrapSeconds: 10,
      },
      {
        queue: 't/8002',
        caller: '+447700900123',
        enqueued: '2026-03-10T12:00:00+00:00',
        outcome: 'answered',
        agent: 't/102',
        waitSeconds: 30,
        talkSeconds: 200,
        wrapSeconds: 20,
      },
      {
        queue: 't/8002',
        caller: null,
        enqueued: '2026-03-10T13:00:00+00:00',
        outcome: 'abandoned',
        agent: null,
        waitSeconds: 40,
        talkSeconds: null,
        wrapSeconds: null,
      },
    ]);
  });

  it('callers masked where a board masks them: the board asked for, or any board showing the queue', async () => {
    const all = await calls('day=2026-03-10');
    expect(all.rows[0]?.caller).toBe('07912345123');
    await apiRequest(app.url, 'PUT', '/api/v1/boards/masked', {
      name: 'Masked',
      queues: ['t/8001'],
      maskCallers: true,
    });
    const masked = await calls('day=2026-03-10');
    expect(masked.rows.map((x) => x.caller)).toEqual([
      '07 ••• ••• 123',
      '07 ••• ••• 124',
      null,
      '+447700900123',
      null,
    ]);
    const ofBoard = await calls('day=2026-03-10&board=masked');
    expect(ofBoard.rows.map((x) => x.caller)).toEqual(['07 ••• ••• 123', '07 ••• ••• 124']);
    const unmaskedBoard = await calls('day=2026-03-10&board=all-queues');
    expect(unmaskedBoard.rows[0]?.caller).toBe('07912345123');
    await apiRequest(app.url, 'DELETE', '/api/v1/boards/masked');
  });

  it('today from the live board; the CSV parses back to the JSON', async () => {
    const today = await calls('day=2026-03-11&queues=t/8001');
    expect(today.rows.map((x) => [x.queue, x.outcome, x.agent, x.waitSeconds])).toEqual([
      ['t/8001', 'answered', 't/102', 15],
    ]);
    const json = await calls('day=2026-03-10');
    const res = await fetch(`${app.url}/api/v1/reports/calls?day=2026-03-10`, {
      headers: { authorization: `Bearer ${API_TOKEN}`, accept: 'text/csv' },
    });
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="calls-2026-03-10.csv"');
    const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual([...CALL_COLUMNS]);
    const num = new Set(['waitSeconds', 'talkSeconds', 'wrapSeconds']);
    expect(
      records.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, v === '' ? null : num.has(k) ? Number(v) : v]),
        ),
      ),
    ).toEqual(json.rows);
  });

  it.each([
    ['', 400, 'day is required'],
    ['day=2026-02-30', 400, 'day: expected a day'],
    ['day=2026-03-12', 404, 'has not started'],
    ['day=2026-01-05', 404, 'no longer (or not) in the journal'],
    ['day=2026-03-10&queues=x', 400, 'queues: "x" is not'],
    ['day=2026-03-10&format=pdf', 400, 'format: expected csv or json'],
  ])('%s → %i with the reason', async (query, status, error) => {
    const res = await apiRequest(app.url, 'GET', `/api/v1/reports/calls?${query}`);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toContain(error);
  });
});
