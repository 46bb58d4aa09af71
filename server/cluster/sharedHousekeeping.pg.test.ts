import type pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../storage';
import { createPgJournal } from '../storage/postgres/journal';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { createPgRetention, type PgPrune } from '../storage/postgres/retention';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { leasedOwnership } from './leasedOwnership';
import { HOUSEKEEPING_LEASE, startSharedHousekeeping } from './sharedHousekeeping';

const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const logger = pino({ level: 'silent' });
const DAY = 86_400_000;
const TTL = 1500;
const RENEW = 300;

/** One instance as far as housekeeping goes: its own pool, its prune counted. */
function instance(url: string, name: string) {
  const pool = openPgPool({ url, max: 2 });
  const inner = createPgRetention(pool);
  const calls = { prune: 0, sessions: 0 };
  const prune: PgPrune = (...args) => {
    calls.prune += 1;
    return inner(...args);
  };
  const ownership = leasedOwnership({ url, instance: name, ttlMs: TTL, renewEveryMs: RENEW });
  const chores = startSharedHousekeeping({
    ownership,
    prune,
    policy: DEFAULT_RETENTION,
    keepFrom: () => Date.now(),
    now: () => Date.now(),
    pruneSessions: async () => {
      calls.sessions += 1;
      return 0;
    },
    everyMs: 200,
    logger,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await chores.stop();
    await ownership.stop();
    await pool.end();
  };
  cleanups.push(stop);
  return { name, chores, calls, stop };
}

async function oldRows(pool: pg.Pool, n: number) {
  const journal = createPgJournal({ pool });
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      journal.append({
        source: 'pbx',
        kind: 'portsip-wsi',
        receivedAt: Date.now() - 20 * DAY + i,
        events: [],
      }),
    ),
  );
  await journal.close();
}

const journalRows = async (pool: pg.Pool) =>
  Number((await pool.query('SELECT count(*) AS n FROM journal')).rows[0].n);

describe('shared housekeeping (one instance per cluster prunes)', () => {
  it('runs on the lease holder only, and moves to another instance when the holder stops', async () => {
    const url = await newDatabase();
    const admin = openPgPool({ url, max: 2 });
    cleanups.push(() => admin.end());
    await migratePostgres(admin);
    /** Who holds the housekeeping lease now (the row names a live owner), per the database. */
    const holderName = async () =>
      (
        await admin.query(
          'SELECT owner FROM link_leases WHERE link = $1 AND expires_at > clock_timestamp()',
          [HOUSEKEEPING_LEASE],
        )
      ).rows[0]?.owner as string | undefined;
    const a = instance(url, 'instance-a');
    const b = instance(url, 'instance-b');
    const both = [a, b];
    await expect.poll(holderName, { timeout: 5000 }).toBeDefined();
    const first = await holderName();
    const holder = both.find((x) => x.name === first) as (typeof both)[number];
    const other = both.find((x) => x !== holder) as (typeof both)[number];

    await oldRows(admin, 50);
    await expect.poll(() => journalRows(admin), { timeout: 5000 }).toBe(0);
    // Several rounds later, still one pruner: the other instance never ran a prune or a session sweep.
    await expect.poll(() => holder.calls.prune, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    expect(other.calls).toEqual({ prune: 0, sessions: 0 });
    expect(await holderName()).toBe(holder.name);
    expect(holder.calls.sessions).toBeGreaterThan(0);

    // The holder goes away: the other takes the chores over and prunes what has aged since.
    await holder.stop();
    await expect.poll(holderName, { timeout: TTL + 4 * RENEW + 2000 }).toBe(other.name);
    await oldRows(admin, 20);
    await expect.poll(() => journalRows(admin), { timeout: 5000 }).toBe(0);
    expect(other.calls.prune).toBeGreaterThan(0);
  });
});
