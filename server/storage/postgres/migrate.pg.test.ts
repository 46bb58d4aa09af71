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

  it('refuses a database written by a newer Callboard', async () => {
    const pool = poolOf(await newDatabase());
    await migratePostgres(pool);
    await pool.query("INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')");
    await expect(migratePostgres(pool)).rejects.toBeInstanceOf(PgSchemaTooNewError);
  });
});
