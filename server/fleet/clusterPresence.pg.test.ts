import { createServer } from 'node:http';
import pino from 'pino';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { openSocketCluster } from '../realtime/cluster';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { createClusterPresence, WARM_UP_MS } from './clusterPresence';
import { createLocalPresence } from './presence';

/**
 * Asking the other instances for their displays, over the real PostgreSQL adapter: the answer of an
 * instance that stops answering (its question times out) is kept, so its displays do not all go
 * offline at once; once it has left the cluster, a complete round forgets them.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function instance(url: string, name: string, log: string[]) {
  const logger = pino({ level: 'info' }, { write: (line: string) => void log.push(line) });
  const cluster = await openSocketCluster({ databaseUrl: url }, logger);
  if (!cluster) throw new Error('expected a cluster');
  const http = createServer();
  const io = new Server(http, { serveClient: false, ...cluster.serverOptions });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await cluster.close();
  };
  cleanups.push(close);
  const local = createLocalPresence(Date.now);
  const presence = createClusterPresence({
    nsp: io.of(WALLBOARD_NAMESPACE),
    instance: name,
    local,
    everyMs: 5_000,
    now: Date.now,
    logger,
  });
  return { local, presence, close };
}

const report = { build: 'b', page: '/kiosk/x', screen: { width: 800, height: 600 }, live: true, forMs: 0 };

describe('fleet presence across instances', () => {
  it('keeps a silent instance’s last answer, and forgets it once it has left', async () => {
    const url = await newDatabase();
    const log: string[] = [];
    const asker = await instance(url, 'asker', log);
    const started = Date.now();
    const holder = await instance(url, 'holder', log);
    holder.local.connected(7, 's1');
    holder.local.report(7, report);

    const displayOf = () =>
      asker.presence
        .seen()
        .find((m) => m.has(7))
        ?.get(7);
    // The adapters find each other by heartbeat: ask until the holder's answer is heard.
    const end = Date.now() + 15_000;
    while (!displayOf()) {
      if (Date.now() > end) throw new Error('the holder never answered');
      await asker.presence.refresh(0);
      await sleep(100);
    }
    // Not settled before the adapter has had time to hear every instance's heartbeat.
    expect(asker.presence.settled()).toBe(false);
    await sleep(Math.max(0, started + WARM_UP_MS - Date.now()));
    await asker.presence.refresh(0);
    expect(asker.presence.settled()).toBe(true);
    expect(displayOf()).toMatchObject({ screens: 1, report: { live: true, build: 'b' } });

    // Still in the cluster (its heartbeats go on) but silent: the question times out, the answer stays.
    holder.presence.stop();
    const asked = Date.now();
    await asker.presence.refresh(0);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(4_900);
    expect(log.some((l) => l.includes('not every instance answered'))).toBe(true);
    expect(displayOf()).toMatchObject({ screens: 1 });

    // Gone from the cluster: the next round is complete without it, and its displays are forgotten.
    await holder.close();
    await asker.presence.refresh(0);
    expect(displayOf()).toBeUndefined();
  }, 40_000);

  it('a question costs one round however often it is asked within the period', async () => {
    const url = await newDatabase();
    const asker = await instance(url, 'asker', []);
    const rounds: number[] = [];
    const other = await instance(url, 'other', []);
    other.local.connected(1, 's');
    const end = Date.now() + 15_000;
    while (asker.presence.seen().length === 0) {
      if (Date.now() > end) throw new Error('never answered');
      await asker.presence.refresh(0);
      await sleep(100);
    }
    // Count the questions the other instance answers from here.
    const answer = other.local.answer.bind(other.local);
    other.local.answer = (name: string) => {
      rounds.push(Date.now());
      return answer(name);
    };
    await Promise.all(Array.from({ length: 20 }, () => asker.presence.refresh(0)));
    for (let i = 0; i < 20; i++) await asker.presence.refresh();
    expect(rounds).toHaveLength(1);
  }, 40_000);
});
