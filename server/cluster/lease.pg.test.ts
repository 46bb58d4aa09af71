import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { entry } from '../storage/journalContract';
import { createPgJournal } from '../storage/postgres/journal';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { loginRole } from '../storage/postgres/testing/loginRole';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { StaleEpochError } from './fence';
import { holdLease } from './lease';

const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TTL = 1500;
const RENEW = 300;

interface Happening {
  readonly at: number;
  readonly what: 'acquired' | 'lost';
  readonly epoch: number;
  readonly why?: string;
}

/** One Callboard instance as far as a link goes: its own pool, journal and lease on the link. */
function instance(url: string, owner: string) {
  const pool = openPgPool({
    url,
    max: 3,
    connectTimeoutMs: 500,
    queryTimeoutMs: TTL,
    applicationName: owner,
  });
  const journal = createPgJournal({ pool });
  const log: Happening[] = [];
  const lease = holdLease({
    pool,
    link: 'pbx-1',
    owner,
    ttlMs: TTL,
    renewEveryMs: RENEW,
    onAcquired: (f) => log.push({ at: performance.now(), what: 'acquired', epoch: f.epoch }),
    onLost: (f, why) => log.push({ at: performance.now(), what: 'lost', epoch: f.epoch, why }),
  });
  cleanups.push(async () => {
    await lease.stop();
    await journal.close();
    await pool.end();
  });
  return { pool, journal, lease, log };
}

async function database() {
  const url = await newDatabase();
  const admin = openPgPool({ url, max: 2 });
  cleanups.push(() => admin.end());
  await migratePostgres(admin);
  return { url, admin };
}

/** A login role of its own, so the test can cut that instance (alone) off the database. */
async function ownRole(admin: pg.Pool, url: string): Promise<{ url: string; role: string }> {
  const own = await loginRole(admin, url);
  cleanups.push(own.drop);
  return own;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('link lease (PostgreSQL)', () => {
  it('gives the link to one instance; the other takes it only once it is released, with the next epoch', async () => {
    const { url } = await database();
    const a = instance(url, 'a');
    const b = instance(url, 'b');
    await expect.poll(() => (a.lease.fence() ? 1 : 0) + (b.lease.fence() ? 1 : 0)).toBe(1);
    const [holder, waiter] = a.lease.fence() ? [a, b] : [b, a];
    await sleep(TTL + 2 * RENEW); // renewed past its first term: it stays with the holder
    expect(holder.log).toEqual([expect.objectContaining({ what: 'acquired', epoch: 1 })]);
    expect(waiter.lease.fence()).toBeNull();

    await holder.lease.stop();
    await expect.poll(() => waiter.lease.fence()?.epoch, { timeout: 2000 }).toBe(2);
  });

  it('an owner cut off from the database (its backends killed) stops writing before another takes over, and cannot journal with its old epoch', async () => {
    const { url, admin } = await database();
    const own = await ownRole(admin, url);
    const a = instance(own.url, 'a');
    await expect.poll(() => a.lease.fence()?.epoch).toBe(1);
    const b = instance(url, 'b');

    // A journals for its link all along, each write fenced with the epoch it holds.
    const acknowledged: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const fence = a.lease.fence();
        if (fence) {
          await a.journal.append({ ...entry(i), fence }).then(
            () => void acknowledged.push(performance.now()),
            () => {},
          );
        }
        await sleep(5);
      }
    })();
    await expect.poll(() => acknowledged.length).toBeGreaterThan(5);

    // The partition: A's connections are killed and it cannot log in again.
    await admin.query(`ALTER ROLE ${own.role} NOLOGIN`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${own.role}'`);
    await expect.poll(() => b.lease.fence()?.epoch, { timeout: TTL * 4 }).toBe(2);
    writing = false;
    await writer;

    const lost = a.log.find((h) => h.what === 'lost');
    const takeover = b.log.find((h) => h.what === 'acquired');
    expect(lost).toMatchObject({ epoch: 1, why: 'deadline' });
    expect(takeover).toMatchObject({ epoch: 2 });
    expect(lost?.at).toBeLessThan(takeover?.at as number);
    expect(Math.max(...acknowledged)).toBeLessThan(takeover?.at as number);
    // Within the lease term plus a renewal of A's last renewal (here 1.5 s + 0.3 s; 10 s + 2 s live).
    expect((takeover?.at as number) - (lost?.at as number)).toBeLessThan(TTL + RENEW + 1000);

    // A comes back: its old epoch is refused, in a batch whose other (unfenced) entry is stored.
    await admin.query(`ALTER ROLE ${own.role} LOGIN`);
    const [stale, webhook] = await Promise.allSettled([
      a.journal.append({ ...entry(10_000), fence: { link: 'pbx-1', epoch: 1 } }),
      a.journal.append(entry(10_001)),
    ]);
    expect(stale.status).toBe('rejected');
    expect((stale as PromiseRejectedResult).reason).toBeInstanceOf(StaleEpochError);
    expect(webhook).toEqual({ status: 'fulfilled', value: { duplicate: false } });
    const rows = await admin.query(
      'SELECT count(*) FILTER (WHERE received_at = $1)::int AS stale, count(*) FILTER (WHERE epoch = 1)::int AS a FROM journal',
      [entry(10_000).receivedAt],
    );
    expect(rows.rows[0].stale).toBe(0);
    expect(rows.rows[0].a).toBeGreaterThanOrEqual(acknowledged.length);
    await sleep(RENEW * 3); // A's lease keeps trying, but B holds the link
    expect(a.lease.fence()).toBeNull();
    expect(b.lease.fence()?.epoch).toBe(2);
  });

  it('refuses a write fenced with an expired lease even before anyone takes over', async () => {
    const { url, admin } = await database();
    const a = instance(url, 'a');
    await expect.poll(() => a.lease.fence()?.epoch).toBe(1);
    await admin.query("UPDATE link_leases SET expires_at = clock_timestamp() - interval '1 second'");
    await expect(
      a.journal.append({ ...entry(1), fence: { link: 'pbx-1', epoch: 1 } }),
    ).rejects.toBeInstanceOf(StaleEpochError);
  });

  it('a second process under the same owner name cannot take a held link (only the last holder knows its epoch)', async () => {
    const { url } = await database();
    const a = instance(url, 'same');
    await expect.poll(() => a.lease.fence()?.epoch).toBe(1);
    const twin = instance(url, 'same');
    await sleep(RENEW * 4);
    expect(twin.lease.fence()).toBeNull();
    expect(a.lease.fence()?.epoch).toBe(1);
    expect(a.log).toHaveLength(1);
  });

  it('an interrupted owner takes its row back at once with the next epoch while nobody else has it', async () => {
    const { url } = await database();
    const a = instance(url, 'a');
    await expect.poll(() => a.lease.fence()?.epoch).toBe(1);
    const interruptedAt = performance.now();
    a.lease.interrupt();
    expect(a.lease.fence()).toBeNull();
    await expect.poll(() => a.lease.fence()?.epoch, { timeout: 2000 }).toBe(2);
    const back = a.log.find((h) => h.what === 'acquired' && h.epoch === 2);
    expect(a.log.find((h) => h.what === 'lost')).toMatchObject({ epoch: 1, why: 'connection' });
    // Within a retry, not after the lease term ran out.
    expect((back?.at as number) - interruptedAt).toBeLessThan(TTL / 2);
  });
});
