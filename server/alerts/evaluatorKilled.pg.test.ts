import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { type AlertsMessage, EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { API_TOKEN, apiRequest } from '../testing/callboard';
import { type HttpReceiver, startHttpReceiver } from './channels/testing/httpReceiver';
import { crossed, sleep, until } from './testing/crossing';
import { dyingHolderAndSurvivor } from './testing/leaseHandover';

/**
 * The alert evaluator SIGKILLed (issue #19): no goodbye, so its lease is not let go and the other
 * instance takes it once it expires (ttl 10 s + one retry of 2 s, server/cluster/lease.ts). The
 * successor continues from the shared store: the alert the dead one raised and notified stays
 * raised and is not told again; the next crossing is raised and told once. A real child process,
 * a real webhook receiver on loopback.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const dataDir = mkdtempSync(join(tmpdir(), 'callboard-alerts-killed-'));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the alert evaluator killed', () => {
  it('another instance takes over within ttl + retry, tells nothing twice, and raises the next crossing once', async () => {
    const url = await newDatabase();
    const receiver: HttpReceiver = await startHttpReceiver(() => ({ status: 204, delayMs: 400 }));
    cleanups.push(() => receiver.close());
    const { dying, survivor, holder, db } = await dyingHolderAndSurvivor({
      url,
      dataDir,
      name: 'alerts',
      cleanups,
    });
    expect(survivor.alerts.stats().evaluating).toBe(false);
    const channel = { name: 'Receiver', kind: 'webhook', url: `${receiver.url}/hook` };
    expect((await apiRequest(dying.url, 'POST', '/api/v1/alert-channels', channel)).status).toBe(201);
    for (const [board, queue] of [
      ['board-a', '8001'],
      ['board-b', '8002'],
    ] as const) {
      const rule = { id: `w${queue}`, figure: 'waiting', level: 'own', limit: 1, direction: 'above' };
      const body = {
        name: board,
        queues: [`t/${queue}`],
        alerts: [{ ...rule, severity: 'critical', holdSeconds: 0 }],
      };
      expect((await apiRequest(dying.url, 'PUT', `/api/v1/boards/${board}`, body)).status).toBe(200);
    }
    const socket: Socket = connect(`${survivor.url}${WALLBOARD_NAMESPACE}`, {
      auth: { token: API_TOKEN },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    cleanups.push(() => socket.close());
    const got: AlertsMessage[] = [];
    socket.on(EVENTS.alerts, (m: AlertsMessage) => got.push(m));
    socket.on('connect', () => socket.emit(EVENTS.watchAlerts, { boardId: 'board-a' }));
    const kinds = () =>
      receiver.requests.map((r) => {
        const { data } = JSON.parse(r.body) as { data: { kind: string; id: string } };
        return [data.kind, data.id];
      });

    // Journaled through the survivor; raised, stored and told by the child; shown on the survivor.
    survivor.recorder.ingest(crossed('8001'));
    const raised = await until(() => got.at(-1)?.alerts[0]);
    expect(raised.state).toBe('raised');
    await receiver.waitFor(1);
    await sleep(1000);
    expect(kinds()).toEqual([['alert.raised', String(raised.id)]]);

    const t0 = Date.now();
    await dying.kill();
    await until(() => survivor.alerts.stats().evaluating, 15_000);
    const took = Date.now() - t0;
    expect(took).toBeLessThan(12_500); // ttl 10 s + one retry 2 s (+ the retry's own query)
    expect(await holder()).toBe('alerts-survivor');
    // Continued from the store: the same alert, still raised, not told again.
    expect(survivor.alerts.active('board-a')).toMatchObject([{ id: raised.id, state: 'raised' }]);
    await sleep(1500);
    expect(kinds()).toHaveLength(1);

    survivor.recorder.ingest(crossed('8002'));
    const next = await until(() => survivor.alerts.active('board-b')[0]);
    expect(next.id).not.toBe(raised.id);
    await receiver.waitFor(2);
    await sleep(1000);
    expect(kinds()).toEqual([
      ['alert.raised', String(raised.id)],
      ['alert.raised', String(next.id)],
    ]);
    const { rows } = await db.query('SELECT id FROM alerts ORDER BY id');
    expect(rows.map((r) => Number(r.id))).toEqual([raised.id, next.id]);
  }, 60_000);
});
