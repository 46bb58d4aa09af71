import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { type HttpReceiver, startHttpReceiver } from '../alerts/channels/testing/httpReceiver';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { apiRequest, startTestCallboard, type TestCallboard } from '../testing/callboard';
import { sleep, until } from './testing/cluster';

/**
 * The fleet of TVs on two instances sharing one PostgreSQL (issue #19 with #18): a real display
 * socket on A is live in Settings → Displays on B too; no `display.offline` is sent while it stays
 * connected, however long (before, B saw it as offline and told so after the threshold); gone, it
 * is told offline exactly once after the threshold (before: once per instance), and back exactly
 * once when it comes back through B. The notifications go to a real webhook channel on loopback.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const dataDir = mkdtempSync(join(tmpdir(), 'callboard-fleet2-'));
const THRESHOLD_MS = 60_000; // alertAfterMinutes: 1, the shortest the setting takes
const SETTLE_MS = 12_000; // two evaluation periods (5 s) and the question's timeout, with room
let a: TestCallboard;
let b: TestCallboard;
let receiver: HttpReceiver;
let display: { id: number; token: string };
const sockets: Socket[] = [];

const call = async (app: TestCallboard, method: string, path: string, body?: unknown) => {
  const res = await apiRequest(app.url, method, path, body);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const onFleet = async (app: TestCallboard) =>
  ((await call(app, 'GET', '/api/v1/fleet')).body.displays as Record<string, unknown>[]).find(
    (d) => d.id === display.id,
  );
/** The display notifications the channel received, by kind, in order. */
const told = () =>
  receiver.requests
    .map((r) => (JSON.parse(r.body) as { type: string }).type)
    .filter((t) => t.startsWith('display.'));

const report = { build: 'b1', page: '/kiosk/all-queues', screen: { width: 1920, height: 1080 }, forMs: 0 };

/** A TV on `app`: connects with its token and reports "live" every 10 s, as the kiosk page does. */
async function tv(app: TestCallboard): Promise<Socket> {
  const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
    auth: { token: display.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', resolve);
    socket.on('connect_error', reject);
  });
  const send = () => socket.emit(EVENTS.report, { ...report, live: true });
  send();
  const beat = setInterval(send, 10_000);
  socket.on('disconnect', () => clearInterval(beat));
  return socket;
}

beforeAll(async () => {
  const url = await newDatabase();
  receiver = await startHttpReceiver();
  a = await startTestCallboard({ dataDir, env: { DATABASE_URL: url, INSTANCE_ID: 'fleet-a' } });
  const channel = await call(a, 'POST', '/api/v1/alert-channels', {
    name: 'Hook',
    kind: 'webhook',
    url: `${receiver.url}/in`,
  });
  expect(channel.status).toBe(201);
  expect((await call(a, 'PUT', '/api/v1/fleet/settings', { alertAfterMinutes: 1 })).status).toBe(200);
  const created = await call(a, 'POST', '/api/v1/displays', { name: 'Lobby', boardId: 'all-queues' });
  display = { id: (created.body.display as { id: number }).id, token: created.body.token as string };
  // B reads the channel and the settings at its start, from the shared stores.
  b = await startTestCallboard({ dataDir, env: { DATABASE_URL: url, INSTANCE_ID: 'fleet-b' } });
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await b?.close();
  await a?.close();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the fleet on two instances', () => {
  it('one watcher; a TV on A is live on B, told offline once when gone, and back once via B', async () => {
    const bStarted = Date.now();
    const onA = await tv(a);

    // Settings → Displays says the same on both instances.
    for (const app of [a, b])
      await until(
        () => onFleet(app),
        (d) => d?.state === 'live' && d.screens === 1 && d.build === 'b1',
        SETTLE_MS,
        `live on ${app === a ? 'A' : 'B'}`,
      );
    // Exactly one instance watches (the fleet lease), whichever it is.
    await until(
      () => [a.fleet.watch.leading(), b.fleet.watch.leading()],
      (w) => w.filter(Boolean).length === 1,
      SETTLE_MS,
      'one watcher',
    );

    // Connected past the threshold, counted from B's start too: nobody tells it offline.
    await sleep(Math.max(0, bStarted + THRESHOLD_MS + SETTLE_MS - Date.now()));
    expect(told()).toEqual([]);
    expect((await onFleet(b))?.state).toBe('live');

    // Gone: offline on both at once (A says so when asked), told once after the threshold.
    const goneAt = Date.now();
    onA.close();
    for (const app of [a, b])
      await until(
        () => onFleet(app),
        (d) => d?.state === 'offline',
        SETTLE_MS,
        'offline',
      );
    await until(told, (t) => t.length > 0, THRESHOLD_MS + SETTLE_MS, 'display.offline');
    expect(Date.now() - goneAt).toBeGreaterThanOrEqual(THRESHOLD_MS);
    await sleep(SETTLE_MS);
    expect(told()).toEqual(['display.offline']);
    for (const app of [a, b]) expect((await onFleet(app))?.notifiedAt).toEqual(expect.any(Number));

    // Back through the other instance: told once.
    await tv(b);
    await until(told, (t) => t.length > 1, SETTLE_MS, 'display.back');
    await sleep(SETTLE_MS);
    expect(told()).toEqual(['display.offline', 'display.back']);
    for (const app of [a, b]) expect(await onFleet(app)).toMatchObject({ state: 'live', notifiedAt: null });
  }, 240_000);
});
