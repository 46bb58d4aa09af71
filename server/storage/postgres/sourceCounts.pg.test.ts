import { describe, expect, it } from 'vitest';
import { createPgJournal } from './journal';
import { migratePostgres } from './migrate';
import { openPgPool } from './pool';
import { createPgSourceCounts } from './sourceCounts';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

const newDatabase = testDatabasesDroppedAfterAll();
const DAY_START = 1_773_100_800_000;

describe('source counts on PostgreSQL', () => {
  it('count a row whose transaction commits after a row with a larger id (ids commit out of order)', async () => {
    const pool = openPgPool({ url: await newDatabase(), max: 4 });
    await migratePostgres(pool);
    const journal = createPgJournal({ pool });
    const counts = createPgSourceCounts(pool);
    const today = async () => Object.fromEntries(await counts.countsSince(DAY_START));

    // A: takes an id, then stays open.
    const a = await pool.connect();
    await a.query('BEGIN');
    await a.query(
      `INSERT INTO journal (received_at, source, kind, events) VALUES ($1, 'late', '3cx', '[]')`,
      [DAY_START + 1],
    );
    // B: a larger id, committed first, counted.
    await journal.append({ source: 'early', kind: '3cx', receivedAt: DAY_START + 2, events: [] });
    expect(await today()).toEqual({ early: { accepted: 1, rejected: 0 } });
    // A commits: its smaller id is counted now (a reader keeping "the last id seen" would skip it).
    await a.query('COMMIT');
    a.release();
    expect(await today()).toEqual({
      early: { accepted: 1, rejected: 0 },
      late: { accepted: 1, rejected: 0 },
    });
    // And counted once, however often asked.
    expect(await today()).toEqual({
      early: { accepted: 1, rejected: 0 },
      late: { accepted: 1, rejected: 0 },
    });
    await journal.close();
    await pool.end();
  });
});
