import type pg from 'pg';
import type { Migration } from '../schema/migration';
import { v1 } from './schema/v1';
import { v2 } from './schema/v2';
import { v3 } from './schema/v3';
import { v4 } from './schema/v4';
import { v5 } from './schema/v5';
import { v6 } from './schema/v6';
import { v7 } from './schema/v7';
import { v8 } from './schema/v8';
import { v9 } from './schema/v9';

/**
 * The PostgreSQL schema, as an ordered list of steps (one file per step in ./schema/, never edited
 * once released). The steps mirror SQLite's (../migrations.ts) table by table but are numbered on
 * their own: the two backends' DDL differ, and so may their histories.
 */
export const PG_MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9];

/** Any constant: the advisory lock every migrator of one database takes (locks are per database). */
const MIGRATION_LOCK = 0x63_62_6d_67; // "cbmg"

export class PgSchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `the database has schema version ${found}, but this Callboard only knows versions up to ${known}: ` +
        'it was written by a newer Callboard. Run that version, or point DATABASE_URL at another database.',
    );
    this.name = 'PgSchemaTooNewError';
  }
}

/**
 * Bring the schema up to date. Each step runs in its own transaction with its row in
 * schema_migrations (PostgreSQL's DDL is transactional: a failed step leaves nothing behind). Every
 * transaction first takes a transaction-scoped advisory lock, so instances starting at once queue up
 * instead of racing (CREATE TABLE IF NOT EXISTS alone is not safe against a concurrent twin): the
 * first runs the step, the others then find it recorded and skip it. Returns the versions applied.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly Migration[] = PG_MIGRATIONS,
): Promise<number[]> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i} has version ${m.version}; expected ${i + 1}`);
  });
  const latest = migrations.length;
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await inLockedTransaction(pool, async (c) => {
      const current = await versionOf(c);
      if (current > latest) throw new PgSchemaTooNewError(current, latest);
      if (current >= m.version) return false;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        m.version,
        m.description,
      ]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  if (migrations.length === 0) {
    await inLockedTransaction(pool, async (c) => {
      const current = await versionOf(c);
      if (current > latest) throw new PgSchemaTooNewError(current, latest);
    });
  }
  return applied;
}

/** The highest version recorded (0 for an empty database). */
export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations') AS t");
  return rows[0]?.t ? versionOf(pool) : 0;
}

async function versionOf(c: pg.ClientBase | pg.Pool): Promise<number> {
  const { rows } = await c.query<{ v: number }>(
    'SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations',
  );
  return rows[0]?.v ?? 0;
}

async function inLockedTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let failure: Error | undefined;
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Created under the lock: the one place a "does it exist" check would otherwise race.
    await c.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         description text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const result = await work(c);
    await c.query('COMMIT');
    return result;
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release(failure); // a client that failed is not put back in the pool
  }
}
