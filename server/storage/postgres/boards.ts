import type pg from 'pg';
import type { BoardStore } from '../types';
import { jsonText } from './rows';

/**
 * Board definitions on PostgreSQL (the same table as SQLite's, schema v3). `COLLATE "C"`: the list is
 * in code-point order as on SQLite (the database's default collation may sort otherwise).
 */
export function createPgBoardStore(pool: pg.Pool): BoardStore {
  const text = (id: string, config: unknown) => jsonText(`board "${id}": config`, config);
  const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
  return {
    async list() {
      const { rows } = await pool.query('SELECT id, config FROM boards ORDER BY id COLLATE "C"');
      return rows.map((r) => ({ id: r.id as string, config: JSON.parse(r.config) }));
    },
    async get(id) {
      const { rows } = await pool.query('SELECT config FROM boards WHERE id = $1', [id]);
      return rows[0] ? { id, config: JSON.parse(rows[0].config) } : undefined;
    },
    async put(id, config) {
      await pool.query(
        `INSERT INTO boards (id, config, updated_at) VALUES ($1, $2, ${NOW_MS})
         ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
        [id, text(id, config)],
      );
    },
    async insert(id, config) {
      const r = await pool.query(
        `INSERT INTO boards (id, config, updated_at) VALUES ($1, $2, ${NOW_MS}) ON CONFLICT (id) DO NOTHING`,
        [id, text(id, config)],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async delete(id) {
      const r = await pool.query('DELETE FROM boards WHERE id = $1', [id]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
