import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { entry, type JournalBackend, journalContract } from '../journalContract';
import { StorageUnavailableError } from '../types';
import { createPgJournal } from './journal';
import { migratePostgres } from './migrate';
import { openPgPool } from './pool';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

const newDatabase = testDatabasesDroppedAfterAll();

/** Another connection's view, for assertions. */
async function onOther<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function openJournal(url: string, options?: { maxBatch?: number }) {
  const pool = openPgPool({ url, max: 4, connectTimeoutMs: 2000 });
  await migratePostgres(pool);
  const journal = createPgJournal({ pool, ...options });
  let closing: Promise<void> | undefined;
  return {
    pool,
    journal,
    close: () => {
      closing ??= journal.close().then(() => pool.end());
      return closing;
    },
  };
}

const postgresBackend: JournalBackend = {
  newPlace: newDatabase,
  async open(url, options) {
    const { journal, close } = await openJournal(url, options);
    return {
      journal,
      onDisk: () =>
        onOther(url, async (c) => {
          const count = async (table: string) =>
            Number((await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
          const keys = (await c.query('SELECT key FROM dedupe_keys ORDER BY key')).rows.map(
            (r) => r.key as string,
          );
          return { journal: await count('journal'), raw: await count('raw_payloads'), keys };
        }),
      breakWrites: (message) =>
        onOther(url, async (c) => {
          await c.query(
            `CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION '${message}'; END $$`,
          );
          await c.query(
            'CREATE TRIGGER broken BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION broken()',
          );
        }),
      repairWrites: () =>
        onOther(url, async (c) => {
          await c.query('DROP TRIGGER broken ON journal');
          await c.query('DROP FUNCTION broken()');
        }),
      close,
    };
  },
};

journalContract('PostgreSQL', postgresBackend);

describe('PostgreSQL journal', () => {
  it('does not resolve while its transaction cannot commit, and resolves once it has', async () => {
    const url = await newDatabase();
    const s = await openJournal(url);
    await s.journal.append(entry(0)); // schema and pool warm
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE journal IN EXCLUSIVE MODE'); // readers only: the insert waits
    let settled = false;
    const pending = s.journal.append(entry(1)).finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    expect(s.journal.stats().pending).toBe(1);
    await blocker.query('COMMIT');
    await blocker.end();
    await expect(pending).resolves.toEqual({ duplicate: false });
    const n = await onOther(
      url,
      async (c) => (await c.query('SELECT count(*)::int AS n FROM journal')).rows[0].n,
    );
    expect(n).toBe(2);
    await s.close();
  });

  it('rejects with StorageUnavailableError when its connection is killed mid-transaction, then recovers', async () => {
    const url = await newDatabase();
    const s = await openJournal(url);
    await s.journal.append(entry(0));
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE journal IN EXCLUSIVE MODE');
    const outcome = s.journal.append(entry(1, { dedupeKey: 'k1' })).then(
      () => 'stored',
      (err: unknown) => err,
    );
    // Wait until the journal's insert is waiting on the lock, then kill that backend.
    await expect
      .poll(
        async () =>
          (
            await blocker.query(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
            )
          ).rows[0].n,
      )
      .toBe(1);
    await blocker.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
    );
    expect(await outcome).toBeInstanceOf(StorageUnavailableError);
    await blocker.query('COMMIT');
    await blocker.end();
    // The pool connects anew; the retry is stored, its key was never committed.
    await expect(s.journal.append(entry(1, { dedupeKey: 'k1' }))).resolves.toEqual({ duplicate: false });
    await s.close();
  });

  it('stores each key once when two instances append the same keys at once, in opposite orders, without deadlock', async () => {
    const url = await newDatabase();
    const a = await openJournal(url);
    const b = await openJournal(url);
    const n = 200;
    const key = (i: number) => `k${String(i).padStart(3, '0')}`;
    // A third session holds the middle key uncommitted, so both instances are inside their key
    // inserts at once: A has taken the keys below it, B (appending in reverse) those above.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('INSERT INTO dedupe_keys (key, seen_at) VALUES ($1, 0)', [key(100)]);
    const fromA = Promise.all(
      Array.from({ length: n }, (_, i) => a.journal.append(entry(i, { dedupeKey: key(i) }))),
    );
    const fromB = Promise.all(
      Array.from({ length: n }, (_, i) => b.journal.append(entry(n - 1 - i, { dedupeKey: key(n - 1 - i) }))),
    );
    await expect
      .poll(
        async () =>
          (
            await blocker.query(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
            )
          ).rows[0].n,
      )
      .toBe(2);
    await blocker.query('COMMIT');
    await blocker.end();
    // Keys taken in one (sorted) order by everyone: no deadlock, so no append fails.
    const [resultsA, resultsB] = await Promise.all([fromA, fromB]);
    const stored = new Map<string, number>();
    resultsA.forEach((r, i) => {
      if (!r.duplicate) stored.set(key(i), (stored.get(key(i)) ?? 0) + 1);
    });
    resultsB.forEach((r, i) => {
      if (!r.duplicate) stored.set(key(n - 1 - i), (stored.get(key(n - 1 - i)) ?? 0) + 1);
    });
    expect(stored.size).toBe(n - 1); // every key but the one the third session stored
    expect([...stored.values()].every((count) => count === 1)).toBe(true);
    expect(stored.has(key(100))).toBe(false);
    const rows = await onOther(
      url,
      async (c) => (await c.query('SELECT count(*)::int AS n FROM journal')).rows[0].n,
    );
    expect(rows).toBe(n - 1);
    await a.close();
    await b.close();
  });

  it('rejects with StorageUnavailableError, not a hang, when the server cannot be reached', async () => {
    const url = new URL(await newDatabase());
    url.port = '1'; // nothing listens there
    const pool = openPgPool({ url: url.toString(), connectTimeoutMs: 1000 });
    const journal = createPgJournal({ pool });
    await expect(journal.append(entry(1))).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(journal.stats()).toMatchObject({ failedCommits: 1, pending: 0 });
    await journal.close();
    await pool.end();
  });
});
