import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { openSocketCluster } from './cluster';
import { type ClusterMessage, clusterBus } from './clusterMessages';

/**
 * The adapter's plumbing on a real PostgreSQL (server/realtime/cluster.ts): a message bigger than a
 * NOTIFY travels through `socket_io_attachments` (schema v4) and its row is deleted a cleanup
 * interval later; the cluster messages (clusterMessages.ts) reach the other instance, checked
 * against their schema, and never the sender; the database password never reaches the log.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until<T>(what: () => T | undefined | null | false | Promise<T>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One instance: an HTTP server on 127.0.0.1:0 with a Socket.IO server on the adapter. */
async function instance(url: string, log: string[]) {
  const logger = pino({ level: 'info' }, { write: (line: string) => void log.push(line) });
  const cluster = await openSocketCluster({ databaseUrl: url }, logger, { cleanupIntervalMs: 300 });
  if (!cluster) throw new Error('expected a cluster');
  const http = createServer();
  const io = new Server(http, { serveClient: false, ...cluster.serverOptions });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await cluster.close();
  });
  const nsp = io.of(WALLBOARD_NAMESPACE);
  return { nsp, port: (http.address() as AddressInfo).port, logger };
}

function client(port: number): Socket {
  const socket = connect(`http://127.0.0.1:${port}${WALLBOARD_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  cleanups.push(() => socket.close());
  return socket;
}

describe('the PostgreSQL adapter', () => {
  it('carries a message over 8,000 bytes through socket_io_attachments, whose rows are cleaned up', async () => {
    const url = await newDatabase();
    const log: string[] = [];
    const a = await instance(url, log);
    const b = await instance(url, log);
    b.nsp.on('connection', (s) => void s.join('board-displays:x'));
    const got: string[] = [];
    const socket = client(b.port);
    socket.on('small', () => got.push('small'));
    socket.on('big', (text: string) => got.push(text));
    // B's LISTEN connection comes up in the background: say something small until it is heard.
    await until(() => {
      a.nsp.to('board-displays:x').emit('small');
      return got.includes('small');
    });
    const big = 'x'.repeat(20_000);
    a.nsp.to('board-displays:x').emit('big', big);
    await until(() => got.includes(big));

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    cleanups.push(() => db.end());
    const rows = async () =>
      Number((await db.query('SELECT count(*) AS n FROM socket_io_attachments')).rows[0].n);
    expect(await rows()).toBeGreaterThan(0);
    await until(async () => (await rows()) === 0);

    const password = decodeURIComponent(new URL(url).password);
    expect(password.length).toBeGreaterThan(0);
    expect(log.join('\n')).not.toContain(password);
    expect(log.join('\n')).toContain('***');
  });

  it('tells the other instance a cluster message, never itself, and drops one it does not understand', async () => {
    const url = await newDatabase();
    const log: string[] = [];
    const a = await instance(url, log);
    const b = await instance(url, log);
    const heard = { a: [] as ClusterMessage[], b: [] as ClusterMessage[] };
    const busA = clusterBus(a.nsp, true, a.logger);
    const busB = clusterBus(b.nsp, true, b.logger);
    for (const [bus, list] of [
      [busA, heard.a],
      [busB, heard.b],
    ] as const)
      bus.handle({
        settingsSaved: (m) => list.push(m),
        boardChanged: (m) => list.push(m),
        floorChanged: (m) => list.push(m),
        alertsActed: (m) => list.push(m),
        alertsChanged: (m) => list.push(m),
        sourceStatus: (m) => list.push(m),
      });
    await until(() => {
      busA.tell({ type: 'floorChanged' });
      return heard.b.length > 0;
    });
    await new Promise((r) => setTimeout(r, 300)); // the loop's other tellings land
    heard.b.length = 0;
    a.nsp.serverSideEmit('callboard:cluster', { type: 'boardChanged', boardId: '../etc' });
    a.nsp.serverSideEmit('callboard:cluster', { type: 'dropTables' });
    busA.tell({ type: 'alertsActed', alertIds: [7] });
    await until(() => heard.b.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard.b).toEqual([{ type: 'alertsActed', alertIds: [7] }]);
    expect(heard.a).toEqual([]);
    expect(log.filter((l) => l.includes('cluster message not understood'))).toHaveLength(2);
  });

  it('survives its LISTEN connection being killed (a database restart) and hears again once it reconnects', async () => {
    const url = await newDatabase();
    const log: string[] = [];
    const a = await instance(url, log);
    const b = await instance(url, log);
    b.nsp.on('connection', (s) => void s.join('every-board'));
    let heard = 0;
    const socket = client(b.port);
    socket.on('ping', () => heard++);
    await until(() => {
      a.nsp.to('every-board').emit('ping');
      return heard > 0;
    });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    cleanups.push(() => db.end());
    const killed = await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'callboard-socketio' AND query LIKE 'LISTEN%'`,
    );
    expect(killed.rowCount).toBe(2); // A's and B's
    heard = 0;
    // The adapter reconnects within ~1–3 s; until then a message is lost (at most once).
    await until(() => {
      a.nsp.to('every-board').emit('ping');
      return heard > 0;
    }, 10_000);
    expect(log.join('\n')).toContain('postgres adapter: LISTEN connection lost');
  }, 20_000);
});
