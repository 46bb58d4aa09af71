import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../http/reports';
import {
  API_TOKEN,
  apiRequest,
  getJson,
  startTestCallboard,
  type TestCallboard,
  WEBHOOK_TOKEN,
} from '../testing/callboard';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * The queue report over a real server: yesterday from history (closed at the restart), today live,
 * summed per hour, day and week; its CSV parses back to the same rows; its limits are 400s naming
 * them; a recount rewrites a day to the same rows.
 */
const DAY = Date.UTC(2026, 2, 10); // a Tuesday; Europe/London = UTC before the clocks change
let clock = DAY + 7 * 3600_000;
let app: TestCallboard;

async function calls(target: TestCallboard, firstAt: number, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    for (const p of voipstudioCall(n, n % 4 === 3 ? 'missed' : 'answered', firstAt + n * 11 * 60_000)) {
      clock = p.at + 1000;
      const res = await fetch(`${target.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: p.body,
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  }
}

interface Row {
  period: string;
  start: number;
  queue: string;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
}
const report = (query: string) => getJson<{ rows: Row[] }>(app.url, `/api/v1/reports/queues?${query}`);

beforeAll(async () => {
  const first = await startTestCallboard({ now: () => clock });
  await calls(first, DAY + 8 * 3600_000, 24);
  await first.close();
  clock = DAY + 33 * 3600_000; // 09:00 on Wednesday
  app = await startTestCallboard({ dataDir: first.dataDir, now: () => clock });
  await app.history.missed;
  await calls(app, DAY + 33 * 3600_000, 5);
  app.hub.flush();
}, 60_000);
afterAll(() => app.close({ remove: true }));

describe('GET /api/v1/reports/queues', () => {
  it('yesterday from history and today live, per day; hours and weeks sum to the same', async () => {
    const days = await report('from=2026-03-10&to=2026-03-11&interval=day');
    const state = await getJson<{ queues: { id: string; today: { offered: number } }[] }>(
      app.url,
      '/api/v1/state',
    );
    const live = state.queues.filter((q) => q.today.offered > 0);
    expect(live.length).toBeGreaterThan(0);
    for (const q of live) {
      const today = days.rows.find((r) => r.queue === q.id && r.period === '2026-03-11T00:00:00+00:00');
      expect(today?.offered).toBe(q.today.offered);
    }
    const yesterday = days.rows.filter((r) => r.period === '2026-03-10T00:00:00+00:00');
    expect(yesterday.reduce((n, r) => n + r.offered, 0)).toBe(24);

    const hours = await report('from=2026-03-10&to=2026-03-11&interval=hour');
    const weeks = await report('from=2026-03-10&to=2026-03-11&interval=week');
    const total = (rows: Row[]) => rows.reduce((n, r) => n + r.offered + r.answered * 1000, 0);
    expect(total(hours.rows)).toBe(total(days.rows));
    expect(total(weeks.rows)).toBe(total(days.rows));
    expect(hours.rows.every((r) => /T\d\d:00:00\+00:00$/.test(r.period))).toBe(true);
    // The week starts on its Monday, whatever day the range starts on.
    expect(new Set(weeks.rows.map((r) => r.period))).toEqual(new Set(['2026-03-09T00:00:00+00:00']));
  });

  it('a named queue only; a queue with no calls gives no rows', async () => {
    const all = await report('from=2026-03-10&to=2026-03-10');
    const one = all.rows[0]?.queue ?? '';
    const only = await report(`from=2026-03-10&to=2026-03-10&queues=${encodeURIComponent(one)}`);
    expect(only.rows).toEqual(all.rows.filter((r) => r.queue === one));
    expect((await report('from=2026-03-10&to=2026-03-10&queues=x/none')).rows).toEqual([]);
  });

  it('CSV (format=csv or Accept: text/csv) parses back to the JSON rows, times with their offset', async () => {
    const query = 'from=2026-03-10&to=2026-03-11&interval=hour';
    const json = await report(query);
    const asks: { q: string; h: Record<string, string> }[] = [
      { q: `${query}&format=csv`, h: {} },
      { q: query, h: { accept: 'text/csv' } },
    ];
    for (const ask of asks) {
      const res = await fetch(`${app.url}/api/v1/reports/queues?${ask.q}`, {
        headers: { authorization: `Bearer ${API_TOKEN}`, ...ask.h },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
      expect(Object.keys(records[0] ?? {})).toEqual([...CSV_COLUMNS]);
      expect(records.map((r) => [r.period, r.queue, Number(r.offered), Number(r.answered)])).toEqual(
        json.rows.map((r) => [r.period, r.queue, r.offered, r.answered]),
      );
      expect(records.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(r.period ?? ''))).toBe(
        true,
      );
    }
  });

  it.each([
    ['', 'from and to are required'],
    ['from=2026-03-10', 'from and to are required'],
    ['from=2026-3-10&to=2026-03-11', 'from: expected a day'],
    ['from=2026-03-11&to=2026-03-10', 'to is before from'],
    ['from=2026-03-01&to=2026-03-11&interval=15m', 'spans at most 7 days'],
    ['from=2026-02-01&to=2026-03-11&interval=hour', 'spans at most 14 days'],
    ['from=2020-01-01&to=2026-03-11&interval=day', 'spans at most 800 days'],
    ['from=2026-03-10&to=2026-03-11&interval=month', 'interval: expected one of'],
    [`from=2026-03-10&to=2026-03-11&queues=${Array.from({ length: 51 }, (_, i) => `t/${i}`)}`, 'at most 50'],
    ['from=2026-03-10&to=2026-03-11&queues=nope', 'is not <scope>/<queue>'],
    ['from=2026-03-10&to=2026-03-11&queues=t/1&board=b', 'not both'],
  ])('%s → 400 naming the limit', async (query, error) => {
    const res = await apiRequest(app.url, 'GET', `/api/v1/reports/queues?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(error);
  });
});

describe('POST /api/v1/history/recount', () => {
  it('rebuilds a closed day to the same rows; refuses today, a day out of the journal, a bad day', async () => {
    const before = app.storage.history.days(DAY, DAY + 1);
    expect(before.length).toBeGreaterThan(0);
    const res = await apiRequest(app.url, 'POST', '/api/v1/history/recount', { day: '2026-03-10' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ day: '2026-03-10', queues: before.length });
    expect(app.storage.history.days(DAY, DAY + 1)).toEqual(before);

    const refused = async (day: unknown) => {
      const r = await apiRequest(app.url, 'POST', '/api/v1/history/recount', { day });
      return [r.status, ((await r.json()) as { error: string }).error] as const;
    };
    expect(await refused('2026-03-11')).toEqual([409, '2026-03-11 has not closed yet']);
    expect((await refused('2026-02-01'))[0]).toBe(404);
    expect((await refused('2026-02-30'))[0]).toBe(422);
    expect((await refused(7))[0]).toBe(422);
  });
});
