import type pg from 'pg';

/**
 * What the PostgreSQL stores share. `pg` returns a `bigint` column as a string (it may not fit a JS
 * number); every time and id Callboard keeps is ms since the epoch or a row count, far below 2^53, so
 * the stores turn them back into numbers here: the contracts pin "times are ms numbers".
 */
export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** JSON as text, as SQLite keeps it; undefined (and functions) are not JSON. */
export function jsonText(what: string, value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${what}: not JSON`);
  return text;
}

/** PostgreSQL's unique_violation. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === '23505';

/** Runs `work` in one transaction on one client of the pool; rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const result = await work(c);
    await c.query('COMMIT');
    return result;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}
