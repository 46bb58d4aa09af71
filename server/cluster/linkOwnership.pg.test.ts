import { afterEach, describe, expect, it } from 'vitest';
import { type FakeWsiServer, startFakeWsiServer } from '../pbx/testing/fakeWsiServer';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { loginRole } from '../storage/postgres/testing/loginRole';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { type Fence, StaleEpochError } from './fence';
import {
  inProcessInstance,
  owns,
  PASSWORD,
  sleep,
  spawnInstance,
  standsBy,
  subscribed,
  until,
} from './testing/linkInstances';

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

const TTL = 1500;
const RENEW = 300;

/**
 * Node A owns the link, its lease on a login role of its own (so the test can cut that connection and
 * keep it cut); node B stands by on the ordinary role. Short lease terms: the partition tests run in
 * seconds.
 */
async function ownerAndStandby() {
  const { url, admin } = await database();
  const pbx = await fakePbx();
  const leaseRole = await loginRole(admin, url);
  cleanups.push(leaseRole.drop);
  const terms = { pbx, ttlMs: TTL, renewEveryMs: RENEW };
  const a = await inProcessInstance({ url, leaseUrl: leaseRole.url, name: 'node-a', ...terms }, cleanups);
  await until(() => owns(a.lines) !== undefined && subscribed(pbx, 1), 10_000, 'node-a up');
  const b = await inProcessInstance({ url, leaseUrl: url, name: 'node-b', ...terms }, cleanups);
  await until(() => standsBy(b.lines, 'node-a') !== undefined, 5000, 'node-b standing by');
  return { admin, pbx, leaseRole, a, b };
}

/** A journal write of nothing, under a fence: what a (stale) owner's link would append. */
const emptyWrite = (fence: Fence, receivedAt = Date.now()) => ({
  source: 'pbx-1',
  kind: 'portsip-wsi' as const,
  receivedAt,
  events: [],
  fence,
});

describe('one owner per PBX link (PostgreSQL, fake PBX)', () => {
  it('two instances: one connects and subscribes; SIGKILL it and the other logs in and subscribes within 15 s', {
    timeout: 90_000,
  }, async () => {
    const { url } = await database();
    const pbx = await fakePbx();
    const a = spawnInstance(url, 'node-a', pbx, cleanups);
    await until(() => owns(a.lines) !== undefined, 30_000, `node-a to own the link (${a.stderr()})`);
    const b = spawnInstance(url, 'node-b', pbx, cleanups);
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
    const { admin, pbx, leaseRole, a, b } = await ownerAndStandby();
    const stale = a.lastFence();
    expect(stale?.epoch).toBe(1);
    if (!stale) return;

    // A stale writer beside it: writes under A's epoch all along (as a frozen process's would arrive).
    const writes: { sentAt: number; at: number; ok: boolean; fenced: boolean }[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const sentAt = Date.now();
        await a.journal.append(emptyWrite(stale, sentAt)).then(
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
    const afterTakeover = await a.journal.append(emptyWrite(stale, bOwnedAt)).then(
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
    expect(Math.max(...aJournaled.map((l) => l.at))).toBeLessThanOrEqual(aLostAt);
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
    await expect(a.journal.append(emptyWrite(stale))).rejects.toBeInstanceOf(StaleEpochError);
  });

  it('an owner whose lease connection blips takes the link back at once with the next epoch; the old one is refused', {
    timeout: 30_000,
  }, async () => {
    const { admin, pbx, leaseRole, a, b } = await ownerAndStandby();
    const old = a.lastFence() as Fence;

    const cutAt = Date.now();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      leaseRole.role,
    ]);
    // Lost at once, owned again within a retry or two (before its lease would have expired).
    await until(() => pbx.connections() >= 2 && subscribed(pbx, 2), 5000, "node-a's new connection");
    await until(() => a.lines.some((l) => l.journaled && l.epoch === 2), 5000, "node-a's writes at epoch 2");
    // Connected again (its snapshots may come in before the status says so).
    const reconnected = () => a.lines.find((l) => l.at > cutAt && l.status === 'connected' && l.owner?.here);
    await until(() => reconnected() !== undefined, 5000, 'node-a connected again');
    expect((reconnected()?.at as number) - cutAt).toBeLessThan(TTL);
    expect(a.lines.some((l) => l.at >= cutAt && l.owner?.here === false)).toBe(true);
    expect(owns(b.lines)).toBeUndefined();
    await expect(a.journal.append(emptyWrite(old))).rejects.toBeInstanceOf(StaleEpochError);
  });
});
