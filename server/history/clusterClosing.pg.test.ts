import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { API_TOKEN, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';
import { voipstudioCall } from '../testing/voipstudioCalls';
import { HISTORY_LOCK } from './clusterHistory';

/**
 * Two real instances on one PostgreSQL database (issue #19): while the history lease's holder closes
 * a day, EVERY instance, the one that does not hold the lease too, names that day in /readyz and in
 * the reports' closing header, and none does once its history is in the shared store. The close is
 * held up the way a busy one is: this test holds the cluster's history lock (the one every history
 * job takes, clusterHistory.ts) until it has seen both instances name the day.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the clocks change
const LABEL = '2026-03-10';
const H = 3600_000;
const SECRET_KEY = randomBytes(32).toString('hex');

const apps: TestCallboard[] = [];
const clients: pg.Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.end();
  for (const app of apps.splice(0)) await app.close({ remove: true });
});

async function until<T>(what: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function post(app: TestCallboard, n: number, at: number, setClock: (ms: number) => void) {
  for (const p of voipstudioCall(n, 'answered', at)) {
    setClock(p.at + 1000);
    const res = await fetch(`${app.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: p.body,
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
}

/** What an instance says of the day: /readyz's `closing`, and the reports' header and rows. */
async function says(app: TestCallboard) {
  const ready = await fetch(`${app.url}/readyz`);
  const readyz = (await ready.json()) as { ready: boolean; closing?: string[] };
  const read = async (kind: 'queues' | 'agents') => {
    const res = await fetch(`${app.url}/api/v1/reports/${kind}?from=${LABEL}&to=${LABEL}&interval=day`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { closing: string[]; rows: unknown[] };
    return { header: res.headers.get('x-history-closing'), closing: body.closing, rows: body.rows.length };
  };
  return {
    readyz: { status: ready.status, ...readyz },
    queues: await read('queues'),
    agents: await read('agents'),
  };
}

describe('a day still closing, as every instance of a cluster says it', () => {
  it('the non-holder names the day in /readyz and the reports while the holder closes it, and stops once it is in', async () => {
    const url = await newDatabase();
    let clock = DAY + 7 * H;
    const now = () => clock;
    const setClock = (ms: number) => {
      clock = ms;
    };
    const start = (name: string) =>
      startTestCallboard({
        now,
        env: { DATABASE_URL: url, INSTANCE_ID: `instance-${name}`, SECRET_KEY },
      }).then((app) => {
        apps.push(app);
        return app;
      });
    const a = await start('a');
    const b = await start('b');
    await Promise.all([a.history.missed, b.history.missed]);
    const holds = (app: TestCallboard) => (app.history as { holds?: () => boolean }).holds?.() === true;
    await until(async () => holds(a) || holds(b));
    const [holder, other] = holds(a) ? [a, b] : [b, a];
    expect(holds(other)).toBe(false);

    for (let n = 0; n < 4; n++) await post(n % 2 ? b : a, n, DAY + 9 * H + n * 20 * 60_000, setClock);
    setClock(DAY + 20 * H);
    // The day is open: nothing is closing anywhere.
    for (const app of [holder, other]) expect((await says(app)).readyz).toEqual({ status: 200, ready: true });

    // The history lock held elsewhere: the holder's close of the day waits for it, as behind a long one.
    const lock = new pg.Client({ connectionString: url });
    clients.push(lock);
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [HISTORY_LOCK]);
    // Past midnight, a call on the non-holder rolls both boards.
    await post(other, 99, DAY + 24 * H + 60_000, setClock);
    await until(async () => holder.hub.state().day.day !== LABEL && other.hub.state().day.day !== LABEL);

    for (const app of [other, holder]) {
      const seen = await says(app);
      expect(seen.readyz, app === other ? 'non-holder' : 'holder').toEqual({
        status: 200,
        ready: true,
        closing: [LABEL],
      });
      for (const report of [seen.queues, seen.agents])
        expect(report).toEqual({ header: LABEL, closing: [LABEL], rows: 0 });
    }

    await lock.query('SELECT pg_advisory_unlock($1)', [HISTORY_LOCK]);
    // Once the holder's write commits, no instance names the day, and its rows are there.
    for (const app of [other, holder]) {
      const seen = await until(async () => {
        const s = await says(app);
        return s.readyz.closing === undefined && s;
      });
      expect(seen.readyz).toEqual({ status: 200, ready: true });
      for (const report of [seen.queues, seen.agents]) {
        expect(report.header).toBeNull();
        expect(report.closing).toEqual([]);
        expect(report.rows).toBeGreaterThan(0);
      }
    }
  }, 120_000);
});
