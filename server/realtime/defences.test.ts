import type { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS, type ServerMessage } from '../../lib/protocol';
import { clientIp } from '../auth';
import { type Link, queued, rawViewer, record, sleep, startLink, until } from '../testing/liveLink';

/**
 * No viewer can make the server buffer or work without bound (issue #13, part 2): a socket that stops
 * reading is dropped once what the server holds for it passes the limit; catch-up answers are paced
 * per socket whatever it asks; a flood of messages drops the socket; failed handshakes are limited
 * per address. Real Socket.IO server and clients on loopback.
 */
let link: Link | null = null;
afterEach(async () => {
  await link?.close();
  link = null;
});

/** What the server process holds for its sockets right now: engine.io's queue plus the TCP socket's. */
function heldBytes(io: Server): number {
  let bytes = 0;
  const clients = (io.engine as unknown as { clients: Record<string, unknown> }).clients;
  for (const conn of Object.values(clients) as {
    writeBuffer: { data?: unknown }[];
    request: { socket: { writableLength: number } };
  }[]) {
    bytes += conn.request.socket.writableLength;
    for (const p of conn.writeBuffer) bytes += typeof p.data === 'string' ? Buffer.byteLength(p.data) : 0;
  }
  return bytes;
}

describe('a viewer that stops reading', () => {
  it('is dropped once its unsent bytes pass the limit, and the server never holds much more', async () => {
    const limit = 2 * 1024 * 1024;
    link = await startLink({
      // Pace and flood limits wide open: this is about the buffer bound alone.
      limits: { maxBufferedBytes: limit, answerIntervalMs: 0, maxMessages: 1e9 },
    });
    const { hub, viewers, io } = link;
    hub.ingest(Array.from({ length: 2500 }, (_, i) => queued(`caller-${i}`)));
    hub.flush();
    const snapshotBytes = JSON.stringify(hub.snapshot()).length;
    expect(snapshotBytes).toBeGreaterThan(200_000);

    const raw = await rawViewer(link.port);
    raw.ws.pause();
    let closed = false;
    raw.ws.on('close', () => {
      closed = true;
    });
    let most = 0;
    const end = Date.now() + 8000;
    while (!closed && Date.now() < end) {
      for (let i = 0; i < 5; i++) raw.send({ type: 'resync' });
      most = Math.max(most, heldBytes(io));
      await sleep(5);
    }
    expect(closed).toBe(true);
    expect(viewers.stats().slowConsumersDropped).toBe(1);
    // One snapshot can be in flight past the check (it is counted as it is queued).
    expect(most).toBeLessThan(limit + 2 * snapshotBytes);
    await until(() => heldBytes(io) === 0);
  }, 20_000);
});

describe('catch-up answers are paced per socket', () => {
  it('a socket asking for a snapshot non-stop gets one per interval, and its last ask is answered', async () => {
    link = await startLink({ limits: { answerIntervalMs: 400, maxMessages: 1e9 } });
    const c = link.client();
    const got = record(c);
    await until(() => got.length > 0);
    const started = Date.now();
    while (Date.now() - started < 1000) {
      c.emit(EVENTS.client, { type: 'resync' });
      await sleep(10);
    }
    const snapshots = () => got.filter((m) => m.type === 'snapshot').length;
    // The connect's, then at most one per 400 ms of asking.
    expect(snapshots()).toBeLessThanOrEqual(1 + Math.ceil(1000 / 400));
    const before = snapshots();
    await until(() => snapshots() === before + 1, 1000);
    await sleep(600);
    expect(snapshots()).toBe(before + 1); // one answer for all the held-back asks
    expect(link.viewers.stats().answersDeferred).toBeGreaterThan(0);
  });

  it('a held-back socket gets no patch until its answer, then it is in step', async () => {
    link = await startLink({ limits: { answerIntervalMs: 300 } });
    const c = link.client();
    const got = record(c);
    await until(() => got.length > 0);
    c.emit(EVENTS.client, { type: 'resync' });
    await sleep(50);
    link.hub.ingest([queued('a')]);
    link.hub.flush();
    await sleep(100);
    expect(got.map((m) => m.type)).toEqual(['snapshot']);
    await until(() => got.length === 2, 1000);
    expect(got[1]).toMatchObject({ type: 'snapshot', seq: 1 });
  });

  it('a socket sending more messages than any client needs is dropped; an address dropped again is refused', async () => {
    link = await startLink({
      limits: {
        maxMessages: 20,
        floodWindowMs: 10_000,
        handshakes: { failures: 8, windowSeconds: 60, blockSeconds: 60 },
      },
    });
    const l = link;
    const flood = async () => {
      const c = l.client();
      const got: ServerMessage[] = record(c);
      const error = new Promise<string>((resolve) => c.on('connect_error', (err) => resolve(err.message)));
      const connected = await Promise.race([until(() => got.length > 0).then(() => 'connected'), error]);
      if (connected !== 'connected') return connected;
      let reason = '';
      c.on('disconnect', (r) => {
        reason = r;
      });
      for (let i = 0; i < 25; i++) c.emit(EVENTS.client, { type: 'resync' });
      await until(() => reason !== '');
      return 'dropped';
    };
    expect(await flood()).toBe('dropped');
    expect(link.viewers.stats().floodersDropped).toBe(1);
    expect(await flood()).toBe('dropped'); // two drops weigh 10 failures: past 8
    expect(await flood()).toBe('throttled');
  });
});

describe('failed handshakes', () => {
  const TOKEN = 'the-right-token';
  const start = () =>
    startLink({
      admit: (socket) =>
        socket.handshake.auth?.token === TOKEN ? { principal: { kind: 'api' }, scope: 'all' } : null,
      // As behind a trusted proxy: the address is the forwarded one.
      addressOf: (socket) => clientIp(socket.request, true),
      limits: { handshakes: { failures: 3, windowSeconds: 60, blockSeconds: 60 } },
    });
  const outcome = async (l: Link, token: string, address: string) => {
    const c = l.client({ token }, { 'x-forwarded-for': address });
    const result = await new Promise<string>((resolve) => {
      c.on('connect', () => resolve('connected'));
      c.on('connect_error', (err) => resolve(err.message));
    });
    c.close();
    return result;
  };

  it('past the limit an address is refused even with the right token; another address is not', async () => {
    link = await start();
    expect(await outcome(link, TOKEN, '203.0.113.7')).toBe('connected');
    for (let i = 0; i < 4; i++) expect(await outcome(link, 'guess', '203.0.113.7')).toBe('unauthorized');
    expect(await outcome(link, TOKEN, '203.0.113.7')).toBe('throttled');
    expect(await outcome(link, 'guess', '203.0.113.7')).toBe('throttled');
    expect(await outcome(link, TOKEN, '203.0.113.8')).toBe('connected');
    expect(link.viewers.stats()).toMatchObject({ handshakesRefused: 4, handshakesThrottled: 2 });
  });
});
