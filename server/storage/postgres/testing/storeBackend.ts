import type pg from 'pg';
import type { StoreBackend } from '../../contracts/backend';
import { migratePostgres } from '../migrate';
import { openPgPool } from '../pool';

/**
 * Test support: a PostgreSQL store as a contract (../../contracts) sees it. Each place is a database
 * of its own (from `newDatabase`, testDatabase.ts); each open a pool of its own (another connection),
 * migrated. `icuIds`: those tables' id columns are put under an en-US collation, as a managed
 * database's default would sort them (the test server's default is C).
 */
export function pgStoreBackend<S>(
  newDatabase: () => Promise<string>,
  make: (pool: pg.Pool) => S,
  o: {
    readonly icuIds?: readonly string[];
    /** Run on each new database once migrated, before any store opens (a collation to try, …). */
    readonly prepare?: (pool: pg.Pool) => Promise<void>;
    readonly close?: (store: S) => Promise<void>;
  } = {},
): StoreBackend<S> {
  return {
    async newPlace() {
      const url = await newDatabase();
      if (o.icuIds || o.prepare) {
        const pool = openPgPool({ url, max: 1 });
        await migratePostgres(pool);
        for (const table of o.icuIds ?? [])
          await pool.query(`ALTER TABLE ${table} ALTER COLUMN id TYPE text COLLATE "en-US-x-icu"`);
        await o.prepare?.(pool);
        await pool.end();
      }
      return url;
    },
    async open(url) {
      const pool = openPgPool({ url, max: 4, connectTimeoutMs: 5000 });
      await migratePostgres(pool);
      const store = make(pool);
      return {
        store,
        close: async () => {
          await o.close?.(store);
          await pool.end();
        },
      };
    },
  };
}
