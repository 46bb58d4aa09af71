import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { deadLetter } from '../contracts/deadLettersContract';
import { describeRetentionContract } from '../contracts/retentionContract';
import { DEFAULT_RETENTION } from '../retention';
import { answered } from '../testing/events';
import { createPgDeadLetters } from './deadLetters';
import { createPgJournal } from './journal';
import { migratePostgres } from './migrate';
import { createPgOutboxStore } from './outbox';
import { openPgPool } from './pool';
import { createPgRetention } from './retention';
import { startJournalTail, type TailRow } from './tail';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 2, 20, 12);
const TODAY = Date.UTC(2026, 2, 20);

function subjectOn(pool: pg.Pool, batch?: number) {
  const journal = createPgJournal({ pool });
  const letters = createPgDeadLetters(pool);
  const prune = createPgRetention(pool, batch);
  const times = async (sql: string) => (await pool.query(sql)).rows.map((r) => Number(r.t));
  return {
    journal,
    store: {
      append: journal.append,
      addDeadLetter: letters.add,
      addQuarter: (r: { day: string; queue: string; bucketStart: number }) =>
        pool.query(
          'INSERT INTO quarter_figures (day, queue, bucket_start, figures) VALUES ($1, $2, $3, $4)',
          [r.day, r.queue, r.bucketStart, '{"offered":1}'],
        ),
      outbox: createPgOutboxStore(pool),
      prune: (now: number, policy: typeof DEFAULT_RETENTION, keepFrom?: number) =>
        prune(now, policy, keepFrom === undefined ? {} : { keepFrom }),
      remaining: async () => ({
        journal: await times('SELECT received_at AS t FROM journal ORDER BY 1'),
        rawPayloads: await times('SELECT received_at AS t FROM raw_payloads ORDER BY 1'),
        dedupeKeys: await times('SELECT seen_at AS t FROM dedupe_keys ORDER BY 1'),
        deadLetters: await times('SELECT received_at AS t FROM dead_letters ORDER BY 1'),
        quarterFigures: await times('SELECT bucket_start AS t FROM quarter_figures ORDER BY 1'),
        outbox: await times('SELECT created_at AS t FROM notification_outbox ORDER BY 1'),
        outboxOutcomes: await times('SELECT at AS t FROM notification_deliveries ORDER BY 1'),
      }),
    },
  };
}

describeRetentionContract('PostgreSQL', {
  newPlace: newDatabase,
  async open(url) {
    const pool = openPgPool({ url, max: 4 });
    await migratePostgres(pool);
    const { journal, store } = subjectOn(pool);
    return {
      store,
      close: async () => {
        await journal.close();
        await pool.end();
      },
    };
  },
});

async function database() {
  const url = await newDatabase();
  const pool = openPgPool({ url, max: 6 });
  await migratePostgres(pool);
  cleanups.push(() => pool.end());
  return { url, pool };
}

const count = async (pool: pg.Pool, table: string) =>
  Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

describe('retention on PostgreSQL', () => {
  it('deletes a large backlog in bounded batches while the tail hands on every new row exactly once', async () => {
    const { url, pool } = await database();
    const { journal, store } = subjectOn(pool, 100);
    cleanups.push(() => journal.close());
    const old = 3000;
    for (let from = 0; from < old; from += 500)
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          journal.append({
            source: 'pbx',
            kind: 'portsip-wsi',
            receivedAt: NOW - 10 * DAY + from + j,
            events: [],
          }),
        ),
      );
    const before = 200;
    for (let i = 0; i < before; i++)
      await journal.append({
        source: 'pbx',
        kind: 'portsip-wsi',
        receivedAt: TODAY + i,
        events: [answered(i)],
      });

    // A tail of today, as an instance's recorder runs one (cluster/sharedRecorder.ts).
    const seen: TailRow[] = [];
    const tail = startJournalTail({
      pool,
      fromMs: TODAY,
      listener: () => new pg.Client({ connectionString: url }),
      onRows: (rows) => void seen.push(...rows),
      pollMs: 50,
    });
    cleanups.push(() => tail.stop());
    await tail.caughtUp;
    expect(seen).toHaveLength(before);

    // Prune (30 batches) while webhooks keep arriving, a few at a time.
    const during = 300;
    const writing = (async () => {
      for (let i = before; i < before + during; i += 3) {
        await Promise.all(
          [i, i + 1, i + 2].map((n) =>
            journal.append({
              source: 'pbx',
              kind: 'portsip-wsi',
              receivedAt: TODAY + n,
              events: [answered(n)],
            }),
          ),
        );
      }
    })();
    const removed = await store.prune(NOW, DEFAULT_RETENTION, TODAY);
    await writing;
    expect(removed.journal).toBe(old);
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(before + during);

    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length); // none read twice
    const stamps = seen.flatMap((r) => r.events.map((e) => e.at));
    expect(stamps.sort((a, b) => a - b)).toEqual(
      Array.from({ length: before + during }, (_, n) => answered(n).at),
    );
    expect(seen.every((r) => r.receivedAt >= TODAY)).toBe(true);
    expect(await count(pool, 'journal')).toBe(before + during);
  });

  it('stops between batches once carryOn says so (the housekeeping lease was lost)', async () => {
    const { pool } = await database();
    const { journal } = subjectOn(pool);
    cleanups.push(() => journal.close());
    await Promise.all(
      Array.from({ length: 250 }, (_, j) =>
        journal.append({ source: 'pbx', kind: 'portsip-wsi', receivedAt: NOW - 10 * DAY + j, events: [] }),
      ),
    );
    // Asked before each batch: raw payloads (none), then the journal's batches of 100.
    let asked = 0;
    const prune = createPgRetention(pool, 100);
    const removed = await prune(NOW, DEFAULT_RETENTION, { carryOn: () => asked++ < 3 });
    expect(removed.rawPayloads).toBe(0);
    expect(removed.journal).toBe(200);
    expect(await count(pool, 'journal')).toBe(50);
  });

  it('keeps the dead letter totals right: the caps count what is left after a prune', async () => {
    const { pool } = await database();
    const letters = createPgDeadLetters(pool, { letters: 3, bytes: 1024 * 1024 });
    for (let n = 0; n < 3; n++) await letters.add({ ...deadLetter(n), receivedAt: NOW - 40 * DAY });
    await createPgRetention(pool)(NOW, DEFAULT_RETENTION);
    for (let n = 3; n < 6; n++) await letters.add({ ...deadLetter(n), receivedAt: NOW });
    expect(await letters.list({ source: 'portsip' })).toHaveLength(3);
    expect(await letters.dropped('portsip')).toBe(0);
    expect((await pool.query('SELECT letters FROM dead_letter_totals')).rows[0].letters).toBe('3');
  });
});
