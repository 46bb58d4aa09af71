import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdOf } from '../alerts/channels/message';
import { type HttpReceiver, startHttpReceiver } from '../alerts/channels/testing/httpReceiver';
import { sleep, until } from '../alerts/testing/crossing';
import { apiRequest, startTestCallboard } from '../testing/callboard';
import { postCall, spawnServer } from '../testing/serverProcess';

/**
 * The notification outbox over the real process (issues #18, #19): a webhook receiver on loopback
 * refuses (503) while an alert is raised; the server is stopped, or SIGKILLed as a crash would; on
 * restart, with the receiver answering, the alert reaches it exactly once, under its idempotency
 * key. Before the outbox, what waited in a channel's queue died with the process.
 */
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Answers 503 until `accept()`, then 204. */
async function refusingReceiver() {
  let open = false;
  const r: HttpReceiver = await startHttpReceiver(() => (open ? { status: 204 } : { status: 503 }));
  cleanups.push(() => r.close());
  return {
    r,
    accept: () => {
      open = true;
    },
  };
}

/** A webhook channel, and a rule on the default board: a call offered today raises a critical alert. */
async function configure(url: string, receiverUrl: string): Promise<void> {
  const channel = { name: 'Ops hook', kind: 'webhook', url: `${receiverUrl}/hook` };
  expect((await apiRequest(url, 'POST', '/api/v1/alert-channels', channel)).status).toBe(201);
  const rule = {
    id: 'offered',
    figure: 'offered',
    level: 'own',
    limit: 0,
    direction: 'above',
    holdSeconds: 0,
  };
  const board = { name: 'All queues', alerts: [rule] };
  expect((await apiRequest(url, 'PUT', '/api/v1/boards/all-queues', board)).status).toBe(200);
}

const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-outbox-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const bodyOf = (body: string) => (JSON.parse(body) as { data: { id: string; kind: string } }).data;

async function afterRestart(dir: string, receiver: Awaited<ReturnType<typeof refusingReceiver>>) {
  const refused = receiver.r.requests.length;
  const raised = bodyOf(receiver.r.requests[0]?.body ?? '{}');
  expect(raised.kind).toBe('alert.raised');
  receiver.accept();
  const again = await startTestCallboard({ dataDir: dir });
  cleanups.push(() => again.close());
  await receiver.r.waitFor(refused + 1, 10_000);
  await until(async () => (await again.storage.outbox.pendingCount()) === 0, 5000);
  await sleep(1000);
  const after = receiver.r.requests.slice(refused);
  // Exactly once after the restart, and under the key every refused attempt carried.
  expect(after).toHaveLength(1);
  const key = messageIdOf({ id: raised.id, kind: 'alert.raised' });
  expect(receiver.r.requests.map((q) => q.headers['webhook-id'])).toEqual(Array(refused + 1).fill(key));
  expect(bodyOf(after[0]?.body ?? '{}')).toEqual(raised);
  const log = await again.storage.channelLog.list(
    (await again.storage.alertChannels.list())[0]?.id ?? '',
    50,
  );
  expect(log.filter((e) => e.outcome === 'delivered').map((e) => e.notificationId)).toEqual([raised.id]);
}

describe('notifications across a stop or a crash', () => {
  it('stopped while a channel refuses: the next start delivers the alert once', async () => {
    const receiver = await refusingReceiver();
    const dir = dataDir();
    const app = await startTestCallboard({ dataDir: dir });
    let closed = false;
    cleanups.push(() => closed || app.close());
    await configure(app.url, receiver.r.url);
    expect((await postCall(app.url, 1)).status).toBe(200);
    await receiver.r.waitFor(1, 10_000);
    await app.close();
    closed = true;
    await afterRestart(dir, receiver);
  }, 40_000);

  it('SIGKILLed while a channel refuses: the next start delivers the alert once', async () => {
    const receiver = await refusingReceiver();
    const dir = dataDir();
    const child = await spawnServer(dir);
    cleanups.push(() => child.kill());
    await configure(child.url, receiver.r.url);
    expect((await postCall(child.url, 1)).status).toBe(200);
    await receiver.r.waitFor(1, 10_000);
    await child.kill();
    await afterRestart(dir, receiver);
  }, 40_000);
});
