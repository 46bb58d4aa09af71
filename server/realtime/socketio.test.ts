import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { type ClientView, receive, recoveryOf } from '../../lib/linkClient';
import { EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { assemble } from '../../lib/wireState';
import { createHub, type Hub } from '../hub/hub';
import { attachWallboard } from './socketio';

const TOKEN = 'a-long-enough-api-token';
const NOW = Date.UTC(2026, 2, 10, 12);
let http: HttpServer;
let ioServer: Server;
let hub: Hub;
const clients: ClientSocket[] = [];

let snapshots = 0;

async function start(apiToken: string | null, whenReady?: Promise<void>) {
  http = createServer();
  ioServer = new Server(http, { serveClient: false });
  hub = createHub({ settings: TEST_SETTINGS, now: () => NOW, epoch: 'e1', windowMs: 5 });
  snapshots = 0;
  const counted = {
    snapshot: () => {
      snapshots += 1;
      return hub.snapshot();
    },
    onPatch: hub.onPatch,
  };
  attachWallboard(ioServer, counted, {
    apiToken,
    logger: pino({ level: 'silent' }),
    limits: { answerIntervalMs: 50 },
    ...(whenReady ? { whenReady } : {}),
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

function client(port: number, token?: string) {
  const c = connect(`http://127.0.0.1:${port}${WALLBOARD_NAMESPACE}`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
  });
  clients.push(c);
  return c;
}

/** A client as the browser store runs it; `drop` loses chosen patches on purpose. */
function viewer(c: ClientSocket, drop: (seq: number) => boolean = () => false) {
  let view: ClientView | null = null;
  const resyncs: string[] = [];
  c.on(EVENTS.server, (m: ServerMessage) => {
    if (m.type === 'patch' && drop(m.seq)) return;
    const r = receive(view, m);
    if (r.kind === 'resync') {
      resyncs.push(r.reason);
      c.emit(EVENTS.client, recoveryOf(view));
    } else view = r.view;
  });
  return { view: () => view, resyncs };
}

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const queued = (id: string): DomainEvent => ({
  type: 'callerQueued',
  source: 'pbx',
  origin: 'portsip-wsi',
  tenant: 't',
  at: NOW,
  queue: { tenant: 't', number: '8001' },
  caller: { sessionId: id, kind: 'normal', since: NOW },
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  hub.stop();
  await new Promise<void>((resolve) => ioServer.close(() => resolve()));
});

describe('the /wallboard namespace over real sockets', () => {
  it('sends a snapshot on connect, then patches that keep the client equal to the server', async () => {
    const port = await start(TOKEN);
    const v = viewer(client(port, TOKEN));
    await until(() => v.view() !== null);
    expect(v.view()?.seq).toBe(0);
    hub.ingest([queued('a')]);
    hub.ingest([queued('b')]);
    await until(() => (v.view()?.seq ?? 0) >= 1);
    expect(v.view()?.state.queues[0]?.today.offered).toBe(2);
    expect(v.view()?.state.queues).toEqual(assemble(hub.snapshot().state).queues);
  });

  it('refuses a missing or wrong token', async () => {
    const port = await start(TOKEN);
    for (const token of [undefined, 'wrong-token-of-some-length']) {
      const c = client(port, token);
      const error = await new Promise<Error>((resolve) => c.on('connect_error', resolve));
      expect(error.message).toBe('unauthorized');
    }
  });

  it('a client that misses a patch resumes from where it was and ends up right, without a snapshot', async () => {
    const port = await start(null);
    let dropped = false;
    const v = viewer(client(port), (seq) => {
      if (dropped || seq !== 2) return false;
      dropped = true;
      return true;
    });
    await until(() => v.view() !== null);
    for (const id of ['a', 'b', 'c']) {
      hub.ingest([queued(id)]);
      await new Promise((r) => setTimeout(r, 15));
    }
    await until(() => v.view()?.seq === hub.snapshot().seq && v.resyncs.length > 0);
    expect(v.resyncs).toEqual(['missed patches 2…2']);
    expect(v.view()?.state.queues[0]?.today.offered).toBe(3);
    expect(snapshots).toBe(1); // the one on connect: the ring filled the gap
  });

  it('clients connecting together share one snapshot, and each sees it before any patch', async () => {
    // As after a restart: the boards wait at the handshake until the journal is replayed, then all
    // connect in the same turn of the event loop.
    let ready: () => void = () => {};
    const port = await start(null, new Promise<void>((r) => (ready = r)));
    const viewers = Array.from({ length: 30 }, () => viewer(client(port)));
    await new Promise((r) => setTimeout(r, 200));
    const feeding = setInterval(() => hub.ingest([queued(`c${Math.random()}`)]), 2);
    ready();
    await until(() => viewers.every((v) => v.view() !== null));
    clearInterval(feeding);
    await until(() => viewers.every((v) => v.view()?.seq === hub.snapshot().seq));
    expect(snapshots).toBeLessThan(5);
    // No client saw a patch before its snapshot (it would have asked for a resync).
    expect(viewers.flatMap((v) => v.resyncs)).toEqual([]);
    const offered = hub.snapshot().state.queues[0]?.today.offered;
    for (const v of viewers) expect(v.view()?.state.queues[0]?.today.offered).toBe(offered);
  });
});
