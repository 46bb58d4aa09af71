import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabasesDroppedAfterAll } from '../../storage/postgres/testing/testDatabase';
import { apiRequest } from '../../testing/callboard';
import { messageIdOf } from '../channels/message';
import { type HttpReceiver, startHttpReceiver } from '../channels/testing/httpReceiver';
import { crossed, sleep, until } from '../testing/crossing';
import { dyingHolderAndSurvivor } from '../testing/leaseHandover';

/**
 * The evaluator SIGKILLed while its notification waits on a refusing channel (issues #18, #19): the
 * raise and its outbox row were stored together, so the instance that takes the alerts lease next
 * delivers it, once, under the same idempotency key. Before the outbox it died with the process.
 * A real child process, a real PostgreSQL, a real webhook receiver on loopback.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const dataDir = mkdtempSync(join(tmpdir(), 'callboard-outbox-killed-'));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the dispatching instance killed', () => {
  it('the next holder of the alerts lease delivers what it left pending, once', async () => {
    const url = await newDatabase();
    let accepting = false;
    const receiver: HttpReceiver = await startHttpReceiver(() =>
      accepting ? { status: 204 } : { status: 503 },
    );
    cleanups.push(() => receiver.close());
    const { dying, survivor, db } = await dyingHolderAndSurvivor({
      url,
      dataDir,
      name: 'outbox',
      cleanups,
    });
    const channel = { name: 'Receiver', kind: 'webhook', url: `${receiver.url}/hook` };
    expect((await apiRequest(dying.url, 'POST', '/api/v1/alert-channels', channel)).status).toBe(201);
    const rule = { id: 'w8001', figure: 'waiting', level: 'own', limit: 1, direction: 'above' };
    const board = {
      name: 'board-a',
      queues: ['t/8001'],
      alerts: [{ ...rule, severity: 'critical', holdSeconds: 0 }],
    };
    expect((await apiRequest(dying.url, 'PUT', '/api/v1/boards/board-a', board)).status).toBe(200);

    // Journaled through the survivor; raised, stored and tried (refused) by the child.
    survivor.recorder.ingest(crossed('8001'));
    await receiver.waitFor(1, 10_000);
    const { id, kind } = (
      JSON.parse(receiver.requests[0]?.body ?? '{}') as { data: { id: string; kind: string } }
    ).data;
    expect(kind).toBe('alert.raised');
    await dying.kill();
    const refused = receiver.requests.length;
    accepting = true;

    await until(() => survivor.alerts.stats().evaluating, 15_000);
    await receiver.waitFor(refused + 1, 10_000);
    await until(async () => (await survivor.storage.outbox.pendingCount()) === 0, 5000);
    await sleep(1500);
    expect(receiver.requests).toHaveLength(refused + 1);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([messageIdOf({ id, kind: 'alert.raised' })]),
    );
    const { rows } = await db.query('SELECT channel_id, outcome FROM notification_deliveries WHERE id = $1', [
      id,
    ]);
    expect(rows.map((r) => r.outcome)).toEqual(['delivered']);
  }, 60_000);
});
