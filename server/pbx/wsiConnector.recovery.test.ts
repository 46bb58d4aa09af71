import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startConnector, TEST_PASSWORD } from './testing/connectorHarness';
import { DOC_AUTH_ERROR, type FakeWsiServer, startFakeWsiServer, waitUntil } from './testing/fakeWsiServer';

/** Real sockets, real time, short intervals (see FAST_TIMING). */

const QUEUES = { '8001': ['101', '102'] };

let server: FakeWsiServer;
let h: Harness | undefined;

afterEach(async () => {
  await h?.connector.stop();
  h = undefined;
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const statusIs = (s: string) => () => h?.last()?.status === s;
const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] ?? t));

describe('WSI connector: auth failure', () => {
  it("reports 'error' with the PBX's text and retries only every authRetryMs, never in a loop", async () => {
    server = await startFakeWsiServer({ password: 'the-right-one', queues: QUEUES });
    h = startConnector(server.url, { timing: { authRetryMs: 300 } });
    await waitUntil(statusIs('error'), 1_000, 'error');
    expect(h.last()?.detail).toBe(`PBX refused login (user admin@test.io): ${DOC_AUTH_ERROR}`);
    await sleep(750);
    // t≈0, 300, 600: three attempts in 750 ms; a storm would be hundreds.
    expect(server.connections()).toBe(3);
    for (const gap of gaps(server.connectedAt)) expect(gap).toBeGreaterThanOrEqual(295);
    expect(server.received.map((r) => r.command.command)).toStrictEqual(['auth', 'auth', 'auth']);
    expect(h.healthSequence()).toStrictEqual([
      'connecting',
      'error',
      'connecting',
      'error',
      'connecting',
      'error',
    ]);
  });

  it('never logs the password, nor shows it when the PBX echoes it in its error', async () => {
    server = await startFakeWsiServer({
      password: 'the-right-one',
      authError: `password ${TEST_PASSWORD} is wrong`,
    });
    h = startConnector(server.url, { timing: { authRetryMs: 100 } });
    await waitUntil(
      () => server.connections() >= 2 && h?.last()?.status === 'error',
      1_000,
      'a retry refused again',
    );
    expect(h.last()?.detail).toBe('PBX refused login (user admin@test.io): password *** is wrong');
    const logs = h.logLines.join('');
    expect(logs).toContain('WSI auth failed');
    expect(logs).not.toContain(TEST_PASSWORD);
    expect(JSON.stringify(h.statuses)).not.toContain(TEST_PASSWORD);
  });

  it('never logs the password on a successful session either (debug level)', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url);
    await waitUntil(statusIs('connected'), 2_000, 'connected');
    server.dropAll();
    await waitUntil(
      () => server.connections() === 2 && h?.last()?.status === 'connected',
      2_000,
      'reconnect',
    );
    expect(h.logLines.length).toBeGreaterThan(10);
    expect(h.logLines.join('')).not.toContain(TEST_PASSWORD);
  });
});

describe('WSI connector: reconnects', () => {
  it("after a drop: 'disconnected', then re-auth, re-subscribe and 'resyncing' until the snapshots are back", async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url);
    await waitUntil(statusIs('connected'), 2_000, 'connected');
    const snapshotsBefore = h.events.filter((e) => e.type === 'queueSnapshotted').length;
    server.dropAll();
    await waitUntil(
      () => server.connections() === 2 && h?.last()?.status === 'connected',
      2_000,
      'reconnect',
    );

    expect(h.healthSequence()).toStrictEqual([
      'connecting',
      'resyncing',
      'connected',
      'disconnected',
      'connecting',
      'resyncing',
      'connected',
    ]);
    expect(server.commandsOf(2)).toStrictEqual(server.commandsOf(1));
    expect(h.events.filter((e) => e.type === 'queueSnapshotted').length).toBe(snapshotsBefore + 1);
    expect(h.connector.stats().reconnects).toBe(1);
  });

  it('detects a black-holed PBX (no pongs, socket open) within ping × (missed + 1) and reconnects', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url, { timing: { pingIntervalMs: 50, missedPongs: 2 } });
    await waitUntil(statusIs('connected'), 2_000, 'connected');
    await sleep(120); // pings answered meanwhile: no false alarm
    expect(server.connections()).toBe(1);

    const seen = h.statuses.length;
    server.blackHole();
    const silencedAt = Date.now();
    // From the history, not the latest status: a quick reconnect may already have replaced it.
    const lost = () => h?.statuses.findIndex((s, i) => i >= seen && s.status === 'disconnected') ?? -1;
    await waitUntil(() => lost() >= 0, 1_000, 'disconnected');
    expect((h.statusTimes[lost()] ?? Number.POSITIVE_INFINITY) - silencedAt).toBeLessThanOrEqual(50 * 3 + 60);
    expect(h.statuses[lost()]?.detail).toBe('no pong for 2 ping intervals: link presumed dead');

    await waitUntil(
      () => server.connections() === 2 && h?.last()?.status === 'connected',
      2_000,
      'reconnect',
    );
    expect(server.commandsOf(2)[0]?.command).toBe('auth');
  });

  it('restarts the backoff from the base once a link stayed up for stableMs', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url, {
      random: () => 0.999,
      timing: { backoffBaseMs: 60, backoffCapMs: 1_000, stableMs: 250 },
    });
    const reconnectGap = async (n: number) => {
      server.dropAll();
      await waitUntil(() => server.connections() === n, 2_000, `connection ${n}`);
      return (server.connectedAt[n - 1] ?? 0) - (server.droppedAt.at(-1) ?? 0);
    };
    await waitUntil(statusIs('connected'), 2_000, 'connected');
    expect(await reconnectGap(2)).toBeLessThan(60 + 40); // attempt 0: < 60 ms
    expect(await reconnectGap(3)).toBeGreaterThanOrEqual(115); // attempt 1: ~120 ms
    await sleep(300); // up for longer than stableMs
    const afterStable = await reconnectGap(4);
    expect(afterStable).toBeLessThan(60 + 40); // back to attempt 0
  });
});

describe('WSI connector: bad frames', () => {
  it('counts broken JSON and binary frames, logs them truncated, and keeps going', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url);
    await waitUntil(statusIs('connected'), 2_000, 'connected');
    const before = h.connector.stats();
    const longBroken = `{"event_type":"queue_status", ${'x'.repeat(500)}`;
    server.broadcast(longBroken);
    server.broadcast(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    server.createQueue('8009', []); // a good frame after the bad ones still arrives
    await waitUntil(
      () => h?.events.some((e) => e.type === 'queueCreated' && e.queue.number === '8009') ?? false,
    );

    const after = h.connector.stats();
    expect(after.badFrames - before.badFrames).toBe(2);
    expect(after.framesIn - before.framesIn).toBeGreaterThanOrEqual(3);
    expect(h.last()?.status).toBe('connected');
    const warnings = h.logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'WSI frame rejected');
    expect(warnings).toHaveLength(2);
    expect(warnings[0].frame).toBe(longBroken.slice(0, 200));
    expect(warnings[0].reason).toMatch(/^invalid JSON/);
    expect(warnings[1].reason).toMatch(/^binary frame/);
  });

  it('treats a frame over maxPayloadBytes as bad and reconnects', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url, { timing: { maxPayloadBytes: 4_096 } });
    await waitUntil(statusIs('connected'), 2_000, 'connected');
    server.broadcast(JSON.stringify({ event_type: 'queue_status', pad: 'y'.repeat(10_000) }));
    await waitUntil(
      () => server.connections() === 2 && h?.last()?.status === 'connected',
      2_000,
      'reconnect',
    );
    expect(h.connector.stats().badFrames).toBe(1);
  });
});

describe('WSI connector: stop', () => {
  it('closes the socket, resolves once closed, and never reconnects', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url);
    await waitUntil(statusIs('connected'), 2_000, 'connected');
    await h.connector.stop();
    expect(h.last()).toMatchObject({ status: 'disconnected', detail: 'stopped' });
    await sleep(150);
    expect(server.connections()).toBe(1);
  });

  it('while a reconnect is pending: cancels it', async () => {
    server = await startFakeWsiServer({ refuseConnections: true });
    h = startConnector(server.url, { random: () => 0.99, timing: { backoffBaseMs: 100 } });
    await waitUntil(statusIs('disconnected'), 1_000, 'disconnected');
    await h.connector.stop();
    await sleep(200);
    expect(server.connections()).toBe(1);
  });
});
