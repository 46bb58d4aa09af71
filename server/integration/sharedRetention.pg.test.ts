import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { startTestCallboard } from '../testing/callboard';

/**
 * The wiring (server/app.ts): a Callboard on DATABASE_URL becomes the housekeeper of an empty cluster
 * and prunes the shared tables at once, by the configured retention, keeping today's rows.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const DAY = 86_400_000;

describe('retention of the shared database, wired', () => {
  it('an instance on DATABASE_URL prunes the old journal rows, dedupe keys and dead letters it finds', async () => {
    const url = await newDatabase();
    const pool = openPgPool({ url, max: 2 });
    cleanups.push(() => pool.end());
    await migratePostgres(pool);
    const now = Date.now();
    const rows = [now - 20 * DAY, now - 9 * DAY, now - 60_000];
    for (const [i, at] of rows.entries()) {
      await pool.query(
        `INSERT INTO journal (received_at, source, kind, events) VALUES ($1, 'old', 'portsip-wsi', '[]'::json)`,
        [at],
      );
      await pool.query('INSERT INTO dedupe_keys (key, seen_at) VALUES ($1, $2)', [`k${i}`, at]);
    }
    await pool.query(
      `INSERT INTO dead_letters (source, kind, received_at, status, reason, method, url, headers, content_type, body)
       VALUES ('old', '3cx', $1, 400, 'bad', 'POST', '/x', '{}', 'text/plain', ''::bytea)`,
      [now - 40 * DAY],
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'callboard-retention-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const app = await startTestCallboard({ dataDir, env: { DATABASE_URL: url } });
    cleanups.push(() => app.close());

    const times = async (sql: string) => (await pool.query(sql)).rows.map((r) => Number(r.t));
    // One poll over the three tables: the housekeeper prunes them one statement after another, and a
    // loaded machine can be between two when the first is done.
    await expect
      .poll(
        async () => ({
          journal: await times("SELECT received_at AS t FROM journal WHERE source = 'old' ORDER BY 1"),
          dedupe: await times('SELECT seen_at AS t FROM dedupe_keys ORDER BY 1'),
          deadLetters: await times('SELECT received_at AS t FROM dead_letters'),
        }),
        { timeout: 20_000 },
      )
      .toEqual({ journal: [now - 60_000], dedupe: [now - 60_000], deadLetters: [] });
    const lease = await pool.query("SELECT owner FROM link_leases WHERE link = 'chore:housekeeping'");
    expect(lease.rows).toHaveLength(1);
  });
});
