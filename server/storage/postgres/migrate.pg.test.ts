import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres, PG_MIGRATIONS, PgSchemaTooNewError, schemaVersion } from './migrate';
import { openPgPool } from './pool';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

const newDatabase = testDatabasesDroppedAfterAll();
const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.end();
});
const poolOf = (url: string) => {
  const pool = openPgPool({ url, max: 2 });
  pools.push(pool);
  return pool;
};

describe('PostgreSQL migrations', () => {
  it('applies every step once and records each in schema_migrations', async () => {
    const pool = poolOf(await newDatabase());
    expect(await schemaVersion(pool)).toBe(0);
    const all = PG_MIGRATIONS.map((m) => m.version);
    expect(await migratePostgres(pool)).toEqual(all);
    expect(await migratePostgres(pool)).toEqual([]);
    expect(await schemaVersion(pool)).toBe(PG_MIGRATIONS.length);
    const { rows } = await pool.query('SELECT version, description FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, description: m.description })));
  });

  it('lets instances that start at once migrate one database: each step runs exactly once', async () => {
    const url = await newDatabase();
    const results = await Promise.all(Array.from({ length: 6 }, () => migratePostgres(poolOf(url))));
    const applied = results.flat().sort((a, b) => a - b);
    expect(applied).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(await schemaVersion(poolOf(url))).toBe(PG_MIGRATIONS.length);
  });

  it('rolls a failed step back whole and keeps the version before it', async () => {
    const pool = poolOf(await newDatabase());
    const broken = {
      version: PG_MIGRATIONS.length + 1,
      description: 'half a step',
      sql: 'CREATE TABLE half (x int); SELECT no_such_function();',
    };
    await expect(migratePostgres(pool, [...PG_MIGRATIONS, broken])).rejects.toThrow(/no_such_function/);
    expect(await schemaVersion(pool)).toBe(PG_MIGRATIONS.length);
    const { rows } = await pool.query("SELECT to_regclass('half') AS t");
    expect(rows[0].t).toBeNull();
  });

  it('keeps the dead-letter totals and case-blind email uniqueness that SQLite keeps', async () => {
    const pool = poolOf(await newDatabase());
    await migratePostgres(pool);
    const letter = (body: string) =>
      pool.query(
        `INSERT INTO dead_letters (source, kind, received_at, status, reason, method, url, headers, content_type, body)
         VALUES ('pbx', 'portsip-webhook', 1, 400, 'bad', 'POST', '/u', '{}', 'application/json', $1) RETURNING id`,
        [body],
      );
    const first = (await letter('é')).rows[0].id; // 2 bytes
    await letter('abc');
    await pool.query('DELETE FROM dead_letters WHERE id = $1', [first]);
    const totals = await pool.query('SELECT letters::int, bytes::int FROM dead_letter_totals');
    expect(totals.rows).toEqual([{ letters: 1, bytes: 3 + 2 + 2 }]); // body + headers + url
    const user = (email: string) =>
      pool.query("INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, 'h', 'admin', 0)", [
        email,
      ]);
    await user('a@example.com');
    await expect(user('A@Example.COM')).rejects.toThrow(/users_email/);
  });

  it('refuses a database written by a newer Callboard', async () => {
    const pool = poolOf(await newDatabase());
    await migratePostgres(pool);
    await pool.query("INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')");
    await expect(migratePostgres(pool)).rejects.toBeInstanceOf(PgSchemaTooNewError);
  });
});
