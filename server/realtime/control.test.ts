import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type ControlMessage, EVENTS, type FloorMessageView, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { TEST_SETTINGS } from '../../lib/testing/support';
import type { Principal } from '../auth';
import { createHub } from '../hub/hub';
import { floorLink } from './floorLink';
import { attachViewers, type Viewers } from './viewers';

/**
 * One process, the in-memory adapter: the control messages go by the principals' rooms
 * (principalRooms.ts) and reach exactly the sockets they name. The same code spans instances with
 * the PostgreSQL adapter (cluster.pg.test.ts).
 */
let http: HttpServer;
let io: Server;
let viewers: Viewers;
const clients: ClientSocket[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  viewers?.detach();
  await new Promise<void>((resolve) => io.close(() => resolve()));
});

/** Admits whoever the handshake says it is (the test's stand-in for tokens). */
async function start() {
  http = createServer();
  io = new Server(http, { serveClient: false });
  const hub = createHub({ settings: TEST_SETTINGS, now: Date.now, epoch: 'e1', windowMs: 5 });
  viewers = attachViewers(io, hub, {
    logger: pino({ level: 'silent' }),
    admit: (socket) => ({ principal: socket.handshake.auth.principal as Principal, scope: 'all' }),
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function screen(port: number, principal: Principal) {
  const socket = connect(`http://127.0.0.1:${port}${WALLBOARD_NAMESPACE}`, {
    auth: { principal },
    transports: ['websocket'],
    reconnection: false,
  });
  clients.push(socket);
  const controls: ControlMessage[] = [];
  let cut = false;
  socket.on(EVENTS.control, (m: ControlMessage) => controls.push(m));
  socket.on('disconnect', () => {
    cut = true;
  });
  await new Promise<void>((resolve) => socket.once(EVENTS.server, () => resolve()));
  return { controls, cut: () => cut };
}

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('control messages by room', () => {
  it('revoke and readmit cut off the sockets they name, and only those', async () => {
    const port = await start();
    const tv7 = await screen(port, { kind: 'display', displayId: 7, boardId: 'sales' });
    const tv8 = await screen(port, { kind: 'display', displayId: 8, boardId: 'support' });
    const ann = await screen(port, { kind: 'user', role: 'supervisor', userId: 3 });
    const bob = await screen(port, { kind: 'user', role: 'supervisor', userId: 4 });
    const anon = await screen(port, { kind: 'anonymous' });
    viewers.revoke({ kind: 'display', displayId: 7 });
    viewers.revoke({ kind: 'user', userId: 3, reason: 'logout' });
    await settle();
    expect([tv7.cut(), tv8.cut(), ann.cut(), bob.cut(), anon.cut()]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
    viewers.readmitBoard('support', false);
    await settle();
    expect([tv8.cut(), anon.cut()]).toEqual([true, false]);
    viewers.readmitBoard('demo', true);
    await settle();
    expect([bob.cut(), anon.cut()]).toEqual([false, true]);
  });

  it('"reload now" reaches the display’s screens, counted, and no one else', async () => {
    const port = await start();
    const a = await screen(port, { kind: 'display', displayId: 7, boardId: 'sales' });
    const b = await screen(port, { kind: 'display', displayId: 7, boardId: 'sales' });
    const other = await screen(port, { kind: 'display', displayId: 8, boardId: 'sales' });
    expect(await viewers.reloadDisplay(7)).toBe(2);
    await settle();
    const reloads = (s: { controls: ControlMessage[] }) =>
      s.controls.filter((m) => m.type === 'reload').length;
    expect([reloads(a), reloads(b), reloads(other)]).toEqual([1, 1, 0]);
    expect(await viewers.reloadDisplay(99)).toBe(0);
  });

  it('floor lists: each room its part (a board’s displays, anonymous viewers the public board’s, people all)', async () => {
    const port = await start();
    const link = floorLink(io.of(WALLBOARD_NAMESPACE), {
      publicBoard: 'demo',
      boardIds: async () => ['sales', 'demo'],
    });
    const sales = await screen(port, { kind: 'display', displayId: 1, boardId: 'sales' });
    const support = await screen(port, { kind: 'display', displayId: 2, boardId: 'support' });
    const anon = await screen(port, { kind: 'anonymous' });
    const person = await screen(port, { kind: 'user', role: 'supervisor', userId: 5 });
    const api = await screen(port, { kind: 'api' });
    const message = (id: number, boardIds: string[]): FloorMessageView => ({
      id,
      text: `m${id}`,
      severity: 'info',
      boardIds,
      postedAt: 0,
      expiresAt: null,
    });
    await link.broadcast([message(1, ['sales']), message(2, ['demo'])], 'local');
    await settle();
    const last = (s: { controls: ControlMessage[] }) =>
      s.controls.flatMap((m) => (m.type === 'floor' ? [m.messages.map((x) => x.id)] : [])).at(-1);
    expect(last(sales)).toEqual([1]);
    expect(last(anon)).toEqual([2]);
    expect(last(person)).toEqual([1, 2]);
    expect(last(api)).toEqual([1, 2]);
    expect(last(support)).toBeUndefined(); // board "support" is not listed: nothing at all
  });
});
