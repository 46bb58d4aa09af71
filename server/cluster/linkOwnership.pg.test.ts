import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceOwner } from '../../lib/protocol';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub } from '../hub/hub';
import { createPbxLinks } from '../pbx/links';
import { type FakeWsiServer, startFakeWsiServer } from '../pbx/testing/fakeWsiServer';
import { createRecorder } from '../recorder';
import { createPgJournal } from '../storage/postgres/journal';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { loginRole } from '../storage/postgres/testing/loginRole';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { type Fence, StaleEpochError } from './fence';
import { leasedOwnership } from './leasedOwnership';

/**
 * One owner per PBX link (issue #19), end to end: link managers as instances on one PostgreSQL
 * database, one fake PBX speaking the documented WSI protocol. Every time below is the test's own
 * clock (Date.now, as the fake PBX stamps its connections), never an instance's.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const logger = pino({ level: 'silent' });
const PASSWORD = 'secret';
const INSTANCE = fileURLToPath(new URL('./testing/linkInstance.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

async function database() {
  const url = await newDatabase();
  const admin = openPgPool({ url, max: 2 });
  cleanups.push(() => admin.end());
  await migratePostgres(admin);
  return { url, admin };
}

async function fakePbx(): Promise<FakeWsiServer> {
  const pbx = await startFakeWsiServer({ password: PASSWORD, queues: { '8001': ['101', '102'] } });
  cleanups.push(() => pbx.close());
  return pbx;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number, what: string): Promise<number> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
  return Date.now();
}

/** The connection (1-based) logged in and subscribed to the queue's events: the link is up on it. */
const subscribed = (pbx: FakeWsiServer, connection: number) => {
  const commands = pbx.commandsOf(connection).map((c) => c.command);
  return commands[0] === 'auth' && commands.includes('subscribe');
};

interface Line {
  readonly at: number;
  readonly status?: string;
  readonly owner?: SourceOwner | null;
  readonly journaled?: number;
  readonly epoch?: number | null;
}

/** An instance in a process of its own (testing/linkInstance.ts), its lines stamped on arrival. */
function spawnInstance(url: string, instance: string, pbx: FakeWsiServer) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', INSTANCE, url, instance, pbx.url, PASSWORD],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Line[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const at = Date.now();
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) lines.push({ at, ...(JSON.parse(part) as Omit<Line, 'at'>) });
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, lines, stderr: () => stderr };
}

const TTL = 1500;
const RENEW = 300;

/** An instance in this process, with a lease connection of its own (`leaseUrl`), on short terms. */
async function instance(o: { url: string; leaseUrl: string; name: string; pbx: FakeWsiServer }) {
  const pool = openPgPool({ url: o.url, max: 2, applicationName: `callboard journal ${o.name}` });
  const journal = createPgJournal({ pool });
  const hub = createHub({ settings: TEST_SETTINGS, now: Date.now, epoch: o.name });
  const recorder = createRecorder({ journal, hub, now: Date.now, logger });
  const ownership = leasedOwnership({ url: o.leaseUrl, instance: o.name, ttlMs: TTL, renewEveryMs: RENEW });
  const lines: Line[] = [];
  let fence: Fence | null = null;
  const links = createPbxLinks({
    sink: {
      ingest(events, f) {
        if (f) fence = f;
        recorder.ingest(events, f);
        lines.push({ at: Date.now(), journaled: events.length, epoch: f?.epoch ?? null });
      },
      setSourceStatus: (s) => lines.push({ at: Date.now(), status: s.status, owner: s.owner ?? null }),
      removeSource: () => {},
    },
    ownership,
    logger,
    now: Date.now,
  });
  await links.apply([
    {
      id: 'pbx-1',
      portsip: {
        url: o.pbx.url,
        auth: { username: 'admin', password: PASSWORD },
        queues: ['8001'],
        extensions: [],
        tenants: [],
        tlsInsecure: false,
        rest: null,
      },
    },
  ]);
  cleanups.push(async () => {
    await links.stop();
    await ownership.stop();
    hub.stop();
    await journal.close();
    await pool.end();
  });
  return { lines, journal, recorder, lastFence: () => fence };
}

const owns = (lines: readonly Line[]) => lines.find((l) => l.status === 'connected' && l.owner?.here);
const standsBy = (lines: readonly Line[], holder: string | null) =>
  lines.find((l) => l.owner?.here === false && l.owner.instance === holder);

describe('one owner per PBX link (PostgreSQL, fake PBX)', () => {
  it('two instances: one connects and subscribes; SIGKILL it and the other logs in and subscribes within 15 s', {
    timeout: 90_000,
  }, async () => {
    const { url } = await database();
    const pbx = await fakePbx();
    const a = spawnInstance(url, 'node-a', pbx);
    await until(() => owns(a.lines) !== undefined, 30_000, `node-a to own the link (${a.stderr()})`);
    const b = spawnInstance(url, 'node-b', pbx);
    await until(
      () => standsBy(b.lines, 'node-a') !== undefined,
      30_000,
      `node-b to stand by (${b.stderr()})`,
    );

    // Renewed across a few periods (default terms: 10 s, renewed every 2 s): still one connection.
    await sleep(4500);
    expect(pbx.connections()).toBe(1);
    expect(subscribed(pbx, 1)).toBe(true);
    expect(owns(b.lines)).toBeUndefined();
    expect(a.lines.filter((l) => l.journaled).every((l) => l.epoch === 1)).toBe(true);

    // SIGKILL: no release, no goodbye; the PBX sees the socket drop, the lease row just stops renewing.
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    const upAt = await until(() => pbx.connections() >= 2 && subscribed(pbx, 2), 20_000, 'a new owner');
    const took = upAt - killedAt;
    console.log(`link failover after SIGKILL of its owner: ${took} ms to the new owner's subscribe`);
    expect(took).toBeLessThan(15_000);
    expect(pbx.connections()).toBe(2);
    await until(() => b.lines.some((l) => l.journaled && l.epoch === 2), 5000, "node-b's first fenced write");
    await until(() => owns(b.lines) !== undefined, 5000, 'node-b connected');
    expect(owns(b.lines)?.owner).toEqual({ instance: 'node-b', here: true });
  });

  it('an owner whose lease connection is killed and cannot reconnect stops its link at once, is fenced, and only then does the other start', {
    timeout: 30_000,
  }, async () => {
    const { url, admin } = await database();
    const pbx = await fakePbx();
    const leaseRole = await loginRole(admin, url);
    cleanups.push(leaseRole.drop);
    const a = await instance({ url, leaseUrl: leaseRole.url, name: 'node-a', pbx });
    await until(() => owns(a.lines) !== undefined && subscribed(pbx, 1), 10_000, 'node-a up');
    const b = await instance({ url, leaseUrl: url, name: 'node-b', pbx });
    await until(() => standsBy(b.lines, 'node-a') !== undefined, 5000, 'node-b standing by');
    const stale = a.lastFence();
    expect(stale?.epoch).toBe(1);
    if (!stale) return;

    // A stale writer beside it: writes under A's epoch all along (as a frozen process's would arrive).
    const writes: { sentAt: number; at: number; ok: boolean; fenced: boolean }[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const sentAt = Date.now();
        const entry = { source: 'pbx-1', kind: 'portsip-wsi' as const, receivedAt: sentAt, events: [] };
        await a.journal.append({ ...entry, fence: stale }).then(
          () => void writes.push({ sentAt, at: Date.now(), ok: true, fenced: false }),
          (err: unknown) =>
            void writes.push({ sentAt, at: Date.now(), ok: false, fenced: err instanceof StaleEpochError }),
        );
        await sleep(10);
      }
    })();
    await until(() => writes.some((w) => w.ok), 5000, 'stale writes going through while A holds the link');

    // The partition: A's lease connection killed, and it cannot log in again.
    await admin.query(`ALTER ROLE ${leaseRole.role} NOLOGIN`);
    const cutAt = Date.now();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      leaseRole.role,
    ]);
    const bOwnedAt = await until(() => owns(b.lines) !== undefined, 10_000, 'node-b to take the link');
    const bOwned = owns(b.lines)?.at as number;
    await until(() => subscribed(pbx, 2), 5000, "node-b's subscribe");
    const afterTakeover = await a.journal
      .append({
        source: 'pbx-1',
        kind: 'portsip-wsi',
        receivedAt: bOwnedAt,
        events: [],
        fence: stale,
      })
      .then(
        () => 'stored',
        (err: unknown) => (err instanceof StaleEpochError ? 'refused' : 'failed'),
      );
    writing = false;
    await writer;

    // A stopped at once (its connection's death, not its deadline ~1 s later), its socket first.
    const aLost = a.lines.find((l) => l.at >= cutAt && l.owner?.here === false);
    expect(aLost).toBeDefined();
    const aLostAt = aLost?.at as number;
    expect(aLostAt - cutAt).toBeLessThan(TTL / 2);
    const aClosed = pbx.closed.find((c) => c.connection === 1)?.at as number;
    expect(aClosed).toBeLessThan(pbx.connectedAt[1] as number);
    expect(aLostAt).toBeLessThan(bOwned);
    // Nothing of A's link went to the journal after the loss; the stale writer's last stored write
    // came before B took over, and B's takeover found A's epoch already refused.
    const aJournaled = a.lines.filter((l) => l.journaled !== undefined);
    expect(Math.max(...aJournaled.map((l) => l.at))).toBeLessThan(aLostAt);
    expect(Math.max(...writes.filter((w) => w.ok).map((w) => w.at))).toBeLessThan(bOwned);
    expect(writes.filter((w) => w.sentAt >= bOwned).every((w) => w.fenced)).toBe(true);
    expect(afterTakeover).toBe('refused');
    // B logged in and subscribed afresh, and journals under the next epoch.
    await until(() => b.lines.some((l) => l.journaled && l.epoch === 2), 5000, "node-b's fenced writes");
    console.log(
      `partition: A stopped ${aLostAt - cutAt} ms after its lease connection died; B owned it ${bOwned - cutAt} ms after`,
    );

    // A back on the network: it sees B holding the link, stays standing by, its old epoch refused.
    await admin.query(`ALTER ROLE ${leaseRole.role} LOGIN`);
    await until(() => standsBy(a.lines, 'node-b') !== undefined, 5000, 'node-a standing by for node-b');
    await sleep(RENEW * 3);
    expect(owns(a.lines.filter((l) => l.at > cutAt))).toBeUndefined();
    expect(pbx.connections()).toBe(2);
    await expect(
      a.journal.append({
        source: 'pbx-1',
        kind: 'portsip-wsi',
        receivedAt: Date.now(),
        events: [],
        fence: stale,
      }),
    ).rejects.toBeInstanceOf(StaleEpochError);
  });

  it('an owner whose lease connection blips takes the link back at once with the next epoch; the old one is refused', {
    timeout: 30_000,
  }, async () => {
    const { url, admin } = await database();
    const pbx = await fakePbx();
    const leaseRole = await loginRole(admin, url);
    cleanups.push(leaseRole.drop);
    const a = await instance({ url, leaseUrl: leaseRole.url, name: 'node-a', pbx });
    await until(() => owns(a.lines) !== undefined && subscribed(pbx, 1), 10_000, 'node-a up');
    const b = await instance({ url, leaseUrl: url, name: 'node-b', pbx });
    await until(() => standsBy(b.lines, 'node-a') !== undefined, 5000, 'node-b standing by');
    const old = a.lastFence() as Fence;

    const cutAt = Date.now();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      leaseRole.role,
    ]);
    // Lost at once, owned again within a retry or two (before its lease would have expired).
    await until(() => pbx.connections() >= 2 && subscribed(pbx, 2), 5000, "node-a's new connection");
    await until(() => a.lines.some((l) => l.journaled && l.epoch === 2), 5000, "node-a's writes at epoch 2");
    const back = a.lines.find((l) => l.at > cutAt && l.status === 'connected' && l.owner?.here);
    expect((back?.at as number) - cutAt).toBeLessThan(TTL);
    expect(a.lines.some((l) => l.at >= cutAt && l.owner?.here === false)).toBe(true);
    expect(owns(b.lines)).toBeUndefined();
    await expect(
      a.journal.append({
        source: 'pbx-1',
        kind: 'portsip-wsi',
        receivedAt: Date.now(),
        events: [],
        fence: old,
      }),
    ).rejects.toBeInstanceOf(StaleEpochError);
  });
});
