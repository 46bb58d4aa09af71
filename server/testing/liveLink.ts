import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import WebSocket from 'ws';
import type { DomainEvent } from '../../lib/domain/events';
import { EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub, type Hub } from '../hub/hub';
import { attachViewers, type ViewerOptions, type Viewers } from '../realtime/viewers';

/**
 * A real Socket.IO server on loopback with the product's namespace (viewers.ts) over a real hub, for
 * the live link's tests: clients are real socket.io-client sockets, or a raw ws socket that speaks
 * the Socket.IO wire format by hand when a test needs a client that stops reading.
 */
export const NOW = Date.UTC(2026, 2, 10, 12);

export interface Link {
  readonly port: number;
  readonly hub: Hub;
  readonly io: Server;
  readonly viewers: Viewers;
  client(auth?: Record<string, unknown>, headers?: Record<string, string>): ClientSocket;
  close(): Promise<void>;
}

export async function startLink(o: Partial<Omit<ViewerOptions, 'logger'>> = {}): Promise<Link> {
  const http: HttpServer = createServer();
  const io = new Server(http, { serveClient: false });
  const hub = createHub({ settings: TEST_SETTINGS, now: () => NOW, epoch: 'e1', windowMs: 5 });
  const viewers = attachViewers(io, hub, {
    admit: () => ({ principal: { kind: 'api' }, scope: 'all' }),
    logger: pino({ level: 'silent' }),
    ...o,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const clients: ClientSocket[] = [];
  return {
    port,
    hub,
    io,
    viewers,
    client(auth = {}, headers = {}) {
      const c = connect(`http://127.0.0.1:${port}${WALLBOARD_NAMESPACE}`, {
        auth,
        extraHeaders: headers,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      viewers.detach();
      hub.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/** Every server message a client gets, in order. */
export function record(c: ClientSocket): ServerMessage[] {
  const got: ServerMessage[] = [];
  c.on(EVENTS.server, (m: ServerMessage) => got.push(m));
  return got;
}

/**
 * A raw websocket that joins /wallboard by hand (engine.io v4 / Socket.IO v5 frames) and can stop
 * reading (`ws.pause()`: its TCP socket is no longer read, so the server's sends pile up).
 */
export async function rawViewer(port: number): Promise<{ ws: WebSocket; send(message: unknown): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) ws.send(`40${WALLBOARD_NAMESPACE},{}`);
      else if (text.startsWith(`40${WALLBOARD_NAMESPACE},`)) resolve();
      else if (text === '2') ws.send('3');
    });
  });
  return {
    ws,
    send: (message) => ws.send(`42${WALLBOARD_NAMESPACE},${JSON.stringify([EVENTS.client, message])}`),
  };
}

export const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const queued = (id: string, number = '8001', tenant = 't'): DomainEvent => ({
  type: 'callerQueued',
  source: 'pbx',
  origin: 'portsip-wsi',
  tenant,
  at: NOW,
  queue: { tenant, number },
  caller: { sessionId: id, kind: 'normal', since: NOW },
});
