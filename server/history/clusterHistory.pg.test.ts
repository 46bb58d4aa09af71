import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import {
  apiRequest,
  getJson,
  startTestCallboard,
  type TestCallboard,
  WEBHOOK_TOKEN,
} from '../testing/callboard';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * Two real instances (A and B) on one PostgreSQL database, each with a DATA_DIR of its own, close a
 * day (issue #19): ONE history, written once (by the history lease's holder, from the shared
 * journal), and both answer the same report, equal to what the boards showed. Both at a restart the
 * next morning (the start-up close) and live, at the roll. A recount through either instance
 * replaces the day from the shared journal (it was refused with 409 before).
 */
const newDatabase = testDatabasesDroppedAfterAll();
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the clocks change
const LABEL = '2026-03-10';
const H = 3600_000;
/** One key for every instance: the secrets sealed in PostgreSQL are read by each. */
const SECRET_KEY = randomBytes(32).toString('hex');

const apps: TestCallboard[] = [];
const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close({ remove: true });
  for (const pool of pools.splice(0)) await pool.end();
});

/** Every "history written" of every instance: the writes of closed days, however made. */
const writes: { instance: string; day: string; how: string }[] = [];
function start(url: string, name: string, now: () => number): Promise<TestCallboard> {
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        const m = JSON.parse(line) as { msg?: string; day?: string; how?: string };
        if (m.msg?.startsWith('history written') || m.msg === 'day closed: history written')
          writes.push({ instance: name, day: m.day ?? '', how: m.how ?? 'live' });
      },
    },
  );
  return startTestCallboard({
    now,
    logger,
    env: { DATABASE_URL: url, INSTANCE_ID: `instance-${name}`, SECRET_KEY },
  }).then((app) => {
    apps.push(app);
    return app;
  });
}

interface StateView {
  queues: { id: string; today: Record<string, number | null> }[];
}
interface ReportView {
  rows: { queue: string; offered: number; answered: number; abandoned: number }[];
}
const offeredOf = async (app: TestCallboard) =>
  Object.fromEntries(
    (await getJson<StateView>(app.url, '/api/v1/state')).queues
      .filter((q) => q.today.offered)
      .map((q) => [q.id, q.today.offered]),
  );
const report = (app: TestCallboard) =>
  getJson<ReportView>(app.url, `/api/v1/reports/queues?from=${LABEL}&to=${LABEL}&interval=day`);
const reportOffered = async (app: TestCallboard) =>
  Object.fromEntries((await report(app)).rows.map((r) => [r.queue, r.offered]));

async function until<T>(what: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** 24 calls of the day, sent alternately to A and B; returns what both boards then show. */
async function playDay(a: TestCallboard, b: TestCallboard, setClock: (at: number) => void) {
  for (let n = 0; n < 24; n++) {
    const target = n % 2 ? b : a;
    for (const p of voipstudioCall(n, n % 4 === 3 ? 'missed' : 'answered', DAY + 8 * H + n * 13 * 60_000)) {
      setClock(p.at + 1000);
      const res = await fetch(`${target.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: p.body,
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  }
  setClock(DAY + 20 * H);
  // Both boards are fed by the shared journal's tail: they agree once both have read it all (every
  // call offered: agreeing on fewer is both tails behind, under load, not the day's figures).
  return until(async () => {
    a.hub.flush();
    b.hub.flush();
    const [x, y] = [await offeredOf(a), await offeredOf(b)];
    const offered = Object.values(x).reduce<number>((n, v) => n + Number(v), 0);
    return offered === 24 && JSON.stringify(x) === JSON.stringify(y) && x;
  });
}

async function closedRows(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pools.push(pool);
  const { rows } = await pool.query<{ day: string; how: string; xmin: string }>(
    'SELECT day, how, xmin::text FROM history_closed ORDER BY day',
  );
  return { rows, pool };
}

describe('history on a cluster: one history, closed once, the same report on every instance', () => {
  it('closes a day missed while stopped once, from the shared journal; a recount through either instance', async () => {
    writes.length = 0;
    const url = await newDatabase();
    let clock = DAY + 7 * H;
    const now = () => clock;
    const a = await start(url, 'a', now);
    const b = await start(url, 'b', now);
    const shown = await playDay(a, b, (at) => {
      clock = at;
    });
    // Nothing closes while the day runs.
    expect(writes).toEqual([]);
    await a.close({ remove: true });
    await b.close({ remove: true });
    apps.splice(0);

    // The next morning, on fresh DATA_DIRs: all they know is in PostgreSQL.
    clock = DAY + 33 * H;
    const a2 = await start(url, 'a2', now);
    const b2 = await start(url, 'b2', now);
    const missed = [...(await a2.history.missed), ...(await b2.history.missed)];
    expect(missed).toEqual([LABEL]);
    expect(writes.map((w) => [w.day, w.how])).toEqual([[LABEL, 'startup']]);
    const { rows, pool } = await closedRows(url);
    expect(rows.map((r) => [r.day, r.how])).toEqual([[LABEL, 'startup']]);
    expect(await reportOffered(a2)).toEqual(shown);
    expect(await report(b2)).toEqual(await report(a2));
    // The day's call list too is rebuilt from the shared journal, on either instance.
    const calls = (app: TestCallboard) =>
      getJson<{ rows: { queue: string }[] }>(app.url, `/api/v1/reports/calls?day=${LABEL}`);
    const listed = await calls(b2);
    expect(listed.rows.length).toBe(Object.values(shown).reduce<number>((n, x) => n + Number(x), 0));
    expect(await calls(a2)).toEqual(listed);

    // A recount through the instance that does not hold the lease, after the stored rows were spoiled.
    const holds = (app: TestCallboard) => (app.history as { holds?: () => boolean }).holds?.() === true;
    const other = [a2, b2].find((app) => !holds(app)) as TestCallboard;
    expect([a2, b2].filter(holds)).toHaveLength(1);
    expect(other).toBeDefined();
    await pool.query('UPDATE history_days SET offered = 0');
    expect(Object.values(await reportOffered(a2)).every((n) => n === 0)).toBe(true);
    const res = await apiRequest(other.url, 'POST', '/api/v1/history/recount', { day: LABEL });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ day: LABEL, queues: Object.keys(shown).length });
    expect(await reportOffered(a2)).toEqual(shown);
    expect(await report(b2)).toEqual(await report(a2));
    expect((await closedRows(url)).rows.map((r) => [r.day, r.how])).toEqual([[LABEL, 'recount']]);
    // A day still open is refused as on the own path.
    const open = await apiRequest(other.url, 'POST', '/api/v1/history/recount', { day: '2026-03-11' });
    expect(open.status).toBe(409);
  }, 120_000);

  it('closes a day live at the roll, once for both instances, as the boards showed it', async () => {
    writes.length = 0;
    const url = await newDatabase();
    let clock = DAY + 7 * H;
    const now = () => clock;
    const a = await start(url, 'a', now);
    const b = await start(url, 'b', now);
    expect(await a.history.missed).toEqual([]);
    expect(await b.history.missed).toEqual([]);
    const shown = await playDay(a, b, (at) => {
      clock = at;
    });
    // Past midnight, the next call rolls both boards (the shared journal's tail feeds both).
    const next = voipstudioCall(99, 'answered', DAY + 24 * H + 60_000);
    for (const p of next) {
      clock = p.at + 1000;
      const res = await fetch(`${a.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: p.body,
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    await until(async () => a.hub.state().day.day !== LABEL && b.hub.state().day.day !== LABEL);
    const { rows } = await until(async () => {
      const read = await closedRows(url);
      return read.rows.length > 0 && read;
    });
    expect(rows.map((r) => [r.day, r.how])).toEqual([[LABEL, 'live']]);
    // Give a second close (the other instance's) time to show itself, were there one.
    await new Promise((r) => setTimeout(r, 1500));
    expect(writes.map((w) => [w.day, w.how])).toEqual([[LABEL, 'live']]);
    expect((await closedRows(url)).rows).toEqual(rows);
    expect(await reportOffered(a)).toEqual(shown);
    expect(await report(b)).toEqual(await report(a));
  }, 120_000);
});
