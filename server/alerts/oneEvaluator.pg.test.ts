import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../lib/alerts/view';
import { type AlertsMessage, EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { API_TOKEN, apiRequest, startTestCallboard, type TestCallboard } from '../testing/callboard';
import { type HttpReceiver, startHttpReceiver } from './channels/testing/httpReceiver';
import { ALERTS_LEASE } from './evaluatorLease';
import { crossed, sleep, until, waitingRule } from './testing/crossing';

/**
 * One alert evaluator per cluster (issue #19): three real Callboard instances on one PostgreSQL, a
 * webhook alert channel to a real receiver on loopback that takes 400 ms to answer (as a busy chat
 * service does; each instance's channels skip a notification already *delivered*, so a quick
 * receiver could hide a second evaluator's duplicate), screens on every instance.
 *
 * - A crossing: one notification, one stored alert, the same alert on every instance's screens.
 * - Acknowledged on an instance that does not evaluate: stored, on every screen, and the evaluator
 *   keeps it.
 * - The evaluator stops: another takes the lease, continues from the store (the open alert is not
 *   raised or notified again) and raises the next crossing, once.
 *
 * Before #19 every instance evaluated: three notifications for one crossing.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const dataDir = mkdtempSync(join(tmpdir(), 'callboard-alerts-cluster-'));
const apps: TestCallboard[] = [];
const stopped = new Set<TestCallboard>();
const sockets: Socket[] = [];
let receiver: HttpReceiver;
let db: pg.Client;

/** A screen on `app` watching `boardId`'s alerts: the lists it was told. */
function screen(app: TestCallboard, boardId: string): AlertsMessage[] {
  const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
    auth: { token: API_TOKEN },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const got: AlertsMessage[] = [];
  socket.on(EVENTS.alerts, (m: AlertsMessage) => got.push(m));
  socket.on('connect', () => socket.emit(EVENTS.watchAlerts, { boardId }));
  return got;
}
const latest = (got: AlertsMessage[]): readonly AlertView[] | undefined => got.at(-1)?.alerts;

/** What the receiver was sent: each notification's kind and alert id. */
const notices = () =>
  receiver.requests.map((r) => {
    const body = JSON.parse(r.body) as { data: { kind: string; id: string } };
    return [body.data.kind, body.data.id] as const;
  });
const raises = () => notices().filter(([kind]) => kind === 'alert.raised');

/** Callers waiting in one queue of tenant t, journaled through `app` (every instance tails it). */
function queueCrossed(app: TestCallboard, number: string) {
  app.recorder.ingest(crossed(number));
}

async function leaseHolder(): Promise<string | null> {
  const { rows } = await db.query(
    'SELECT owner FROM link_leases WHERE link = $1 AND expires_at > clock_timestamp()',
    [ALERTS_LEASE],
  );
  return (rows[0]?.owner as string | undefined) ?? null;
}
const evaluators = () => apps.filter((a) => !stopped.has(a) && a.alerts.stats().evaluating);

beforeAll(async () => {
  const url = await newDatabase();
  receiver = await startHttpReceiver(() => ({ status: 204, delayMs: 400 }));
  db = new pg.Client({ connectionString: url });
  await db.connect();
  for (const name of ['a', 'b', 'c'])
    apps.push(
      await startTestCallboard({ dataDir, env: { DATABASE_URL: url, INSTANCE_ID: `alerts-${name}` } }),
    );
  const [first] = apps as [TestCallboard];
  const channel = await apiRequest(first.url, 'POST', '/api/v1/alert-channels', {
    name: 'Receiver',
    kind: 'webhook',
    url: `${receiver.url}/hook`,
  });
  expect(channel.status).toBe(201);
  for (const [board, queue] of [
    ['board-a', '8001'],
    ['board-b', '8002'],
  ] as const) {
    const body = { name: board, queues: [`t/${queue}`], alerts: [waitingRule(`waiting-${queue}`)] };
    expect((await apiRequest(first.url, 'PUT', `/api/v1/boards/${board}`, body)).status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const app of apps) if (!stopped.has(app)) await app.close();
  await db?.end();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('three instances, one alert evaluator', () => {
  it('one crossing: one notification, one stored alert, on every instance’s screens; an ack anywhere holds', async () => {
    const [evaluator] = await until(() => (evaluators().length > 0 ? evaluators() : null));
    expect(evaluators()).toHaveLength(1);
    const holder = await leaseHolder();
    expect(holder).toMatch(/^alerts-[abc]$/);
    const followers = apps.filter((a) => a !== evaluator);
    const screens = apps.map((app) => screen(app, 'board-a'));
    await until(() => screens.every((s) => latest(s)?.length === 0));

    // Journaled through an instance that does not evaluate: the evaluator hears it from the journal.
    queueCrossed(followers[0] as TestCallboard, '8001');
    const shown = await until(() => {
      const firsts = screens.map((s) => latest(s)?.[0]);
      return firsts.every((x) => x?.state === 'raised') ? firsts : null;
    });
    const id = shown[0]?.id;
    expect(shown.map((x) => x?.id)).toEqual([id, id, id]);
    await receiver.waitFor(1);
    await sleep(1500); // a second evaluator's notification would have arrived by now
    expect(raises()).toEqual([['alert.raised', String(id)]]);
    const { rows } = await db.query('SELECT id, state FROM alerts');
    expect(rows).toEqual([{ id: String(id), state: 'raised' }]);

    // Acknowledged on a follower: stored, told to every screen, kept by the evaluator.
    const by = followers[1] as TestCallboard;
    const ack = await apiRequest(by.url, 'POST', `/api/v1/alerts/${id}/acknowledge`, { note: 'on it' });
    expect(ack.status).toBe(200);
    await until(() => screens.every((s) => latest(s)?.[0]?.state === 'acknowledged'), 2000);
    expect(evaluator?.alerts.active('board-a')[0]).toMatchObject({
      id,
      state: 'acknowledged',
      note: 'on it',
    });
    // Told once, by the instance it was made on.
    await until(() => notices().some(([kind]) => kind === 'alert.acknowledged'));
    expect(notices()).toEqual([
      ['alert.raised', String(id)],
      ['alert.acknowledged', String(id)],
    ]);
    // Twice is refused wherever it is asked.
    const again = await apiRequest(evaluator?.url ?? '', 'POST', `/api/v1/alerts/${id}/acknowledge`, {});
    expect(again.status).toBe(409);
  }, 30_000);

  it('the evaluator stops: another takes over from the store, raises nothing again, and raises the next crossing once', async () => {
    const [old] = evaluators() as [TestCallboard];
    const open = old.alerts.active('board-a')[0];
    expect(open?.state).toBe('acknowledged');
    const survivors = apps.filter((a) => a !== old);
    const screensB = survivors.map((app) => screen(app, 'board-b'));
    const before = notices().length;
    stopped.add(old);
    const t0 = Date.now();
    await old.close();
    // The stop let the lease go: a survivor takes it at its next attempt (every 2 s), well within
    // the lease's ttl + one retry (12 s) that a killed evaluator would take.
    const [next] = await until(() => (evaluators().length > 0 ? evaluators() : null), 12_000);
    expect(Date.now() - t0).toBeLessThan(12_000);
    expect(evaluators()).toHaveLength(1);
    expect(await leaseHolder()).not.toBe(null);
    // The open alert continues as stored: still acknowledged, the same id, not raised or told again.
    expect(next?.alerts.active('board-a')).toMatchObject([{ id: open?.id, state: 'acknowledged' }]);
    await sleep(1500);
    expect(notices().slice(before)).toEqual([]);

    queueCrossed(survivors[0] as TestCallboard, '8002');
    const shown = await until(() => {
      const firsts = screensB.map((s) => latest(s)?.[0]);
      return firsts.every((x) => x?.state === 'raised') ? firsts : null;
    });
    const id = shown[0]?.id ?? 0;
    expect(shown.map((x) => x?.id)).toEqual([id, id]);
    expect(id).not.toBe(open?.id);
    await receiver.waitFor(before + 1);
    await sleep(1000);
    expect(notices().slice(before)).toEqual([['alert.raised', String(id)]]);
    const { rows } = await db.query('SELECT id, state FROM alerts ORDER BY id');
    expect(rows).toEqual([
      { id: String(open?.id), state: 'acknowledged' },
      { id: String(id), state: 'raised' },
    ]);
  }, 40_000);
});
