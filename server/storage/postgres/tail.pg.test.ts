import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { entry } from '../journalContract';
import { createPgJournal } from './journal';
import { migratePostgres } from './migrate';
import { openPgPool } from './pool';
import { type JournalTail, startJournalTail, type TailRow } from './tail';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(pollMs = 50) {
  const url = await newDatabase();
  const pool = openPgPool({ url, max: 4 });
  cleanups.push(() => pool.end());
  await migratePostgres(pool);
  const journal = createPgJournal({ pool });
  cleanups.push(() => journal.close());
  const seen: TailRow[] = [];
  const tail = (after?: { xid: string; id: number }, fromMs?: number): JournalTail => {
    const t = startJournalTail({
      pool,
      ...(fromMs !== undefined ? { fromMs } : {}),
      listener: () => new pg.Client({ connectionString: url }),
      onRows: (rows) => void seen.push(...rows),
      pollMs,
      ...(after ? { after } : {}),
    });
    cleanups.push(() => t.stop());
    return t;
  };
  const client = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    cleanups.push(() => c.end());
    return c;
  };
  return { url, pool, journal, seen, tail, client };
}

/**
 * The horizon is cluster-wide: another test file's open write transaction (other databases, same
 * server) holds rows back too, so waits allow for it.
 */
const SETTLE = { timeout: 5000 };

/** Whether the promise has settled yet, asked synchronously. */
function settledFlag(p: Promise<unknown>): () => boolean {
  let done = false;
  void p.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  return () => done;
}

const sessionsOf = (rows: readonly TailRow[]) =>
  rows.flatMap((r) => r.events.map((e) => (e.type === 'callerAnswered' ? e.sessionId : e.type)));

/** An insert as the journal makes it, in a transaction the test holds open. */
const insertRow = (c: pg.Client, n: number) =>
  c.query(
    `INSERT INTO journal (received_at, source, kind, events) VALUES ($1, 'pbx', 'portsip-webhook', $2::json)
     RETURNING id`,
    [entry(n).receivedAt, JSON.stringify(entry(n).events)],
  );

describe('journal tail (PostgreSQL)', () => {
  it('hands on a row committed late with a smaller id, which a largest-id-seen reader skips for good', async () => {
    const s = await setUp();
    const slow = await s.client();
    await slow.query('BEGIN');
    const slowId = Number((await insertRow(slow, 1)).rows[0].id); // takes id 1, stays uncommitted
    await s.journal.append(entry(2)); // id 2, committed first
    const tail = s.tail();
    const caught = settledFlag(tail.caughtUp);

    // The control: a reader of "id > largest seen" takes row 2 now and moves past id 1.
    let largestSeen = 0;
    const naive: number[] = [];
    const naiveRead = async () => {
      const { rows } = await s.pool.query('SELECT id FROM journal WHERE id > $1 ORDER BY id', [largestSeen]);
      for (const r of rows) naive.push(Number(r.id));
      largestSeen = Math.max(largestSeen, ...naive);
    };
    await naiveRead();
    expect(naive).toEqual([2]);

    // The tail holds row 2 back while the older transaction is open: it cannot yet know row 1. Row
    // 2 existed at the start, so the tail is not caught up either.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.seen).toEqual([]);
    expect(caught()).toBe(false);

    await slow.query('COMMIT');
    await naiveRead();
    expect(naive).toEqual([2]); // row 1 is lost to the naive reader
    await expect.poll(() => s.seen.map((r) => r.id), SETTLE).toEqual([slowId, 2]);
    await tail.caughtUp;
    expect(sessionsOf(s.seen)).toEqual(['s1', 's2']);
  });

  it('lets rows through once an older transaction rolls back (no one notifies then: the poll reads)', async () => {
    const s = await setUp();
    const tail = s.tail();
    await tail.caughtUp;
    const slow = await s.client();
    await slow.query('BEGIN');
    await insertRow(slow, 1);
    await s.journal.append(entry(2));
    await new Promise((r) => setTimeout(r, 200));
    expect(s.seen).toEqual([]);
    await slow.query('ROLLBACK');
    await expect.poll(() => sessionsOf(s.seen), SETTLE).toEqual(['s2']);
  });

  it('wakes on NOTIFY: a committed row arrives long before the next poll', async () => {
    const s = await setUp(60_000);
    const tail = s.tail();
    await tail.caughtUp;
    await expect.poll(() => tail.listening(), SETTLE).toBe(true);
    await s.journal.append(entry(1));
    await expect.poll(() => sessionsOf(s.seen), { timeout: 5000, interval: 5 }).toEqual(['s1']);
  });

  it('from a time: skips older rows, yet hands on a row in range whose older transaction is still open', async () => {
    const s = await setUp();
    await s.journal.append(entry(1)); // before the range
    const slow = await s.client();
    await slow.query('BEGIN');
    await insertRow(slow, 60); // in range, oldest xid, still open when the tail starts
    await s.journal.append(entry(50));
    await s.journal.append(entry(70));
    const tail = s.tail(undefined, entry(40).receivedAt);
    const caught = settledFlag(tail.caughtUp);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.seen).toEqual([]); // all held back behind the open transaction
    expect(caught()).toBe(false);
    await slow.query('COMMIT');
    await expect.poll(() => sessionsOf(s.seen), SETTLE).toEqual(['s60', 's50', 's70']);
    await tail.caughtUp;
  });

  it('is caught up only once the rows committed before its start are handed on, however long an older transaction holds them back', async () => {
    const s = await setUp();
    // An older transaction with an xid and no journal row (another database's writer on the same
    // server holds the horizon the same way): rows committed after it wait behind it.
    const blocker = await s.client();
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_current_xact_id()');
    for (const n of [1, 2, 3]) await s.journal.append(entry(n));
    const tail = s.tail();
    const caught = settledFlag(tail.caughtUp);
    await new Promise((r) => setTimeout(r, 300));
    // Before: caught up at once with nothing handed on, and a server was ready without these rows.
    expect(s.seen).toEqual([]);
    expect(caught()).toBe(false);
    await blocker.query('COMMIT');
    await tail.caughtUp;
    expect(sessionsOf(s.seen)).toEqual(['s1', 's2', 's3']);
  });

  it('hands on every row exactly once while two instances append at once, and resumes from a position', async () => {
    const s = await setUp();
    const otherPool = openPgPool({ url: s.url, max: 4 });
    cleanups.push(() => otherPool.end());
    const other = createPgJournal({ pool: otherPool, maxBatch: 7 });
    cleanups.push(() => other.close());
    const tail = s.tail();
    const n = 400;
    await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? other : s.journal).append(entry(i))));
    await expect.poll(() => s.seen.length, { timeout: 10_000 }).toBe(n);
    expect(new Set(s.seen.map((r) => r.id)).size).toBe(n);
    expect(sessionsOf(s.seen).sort()).toEqual(Array.from({ length: n }, (_, i) => `s${i}`).sort());

    // A tail started at the first one's position hands on only what comes after it.
    const position = tail.position();
    await tail.stop();
    const seenBefore = s.seen.length;
    s.tail(position);
    await s.journal.append(entry(n));
    await expect.poll(() => sessionsOf(s.seen.slice(seenBefore)), SETTLE).toEqual([`s${n}`]);
  });
});
