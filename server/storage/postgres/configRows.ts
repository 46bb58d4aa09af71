import type pg from 'pg';
import type { ConfigRow, ConfigRows, ConfigTable } from '../configRows';
import { inTransaction, jsonText, num } from './rows';

/** The settings page's rows on PostgreSQL (pbx_connections, webhook_sources: v3; alert_channels: v4). */
export function createPgConfigRows(pool: pg.Pool, table: ConfigTable): ConfigRows {
  const text = (id: string, config: unknown) => jsonText(`${table} "${id}": config`, config);
  const row = (r: { id: string; config: string; updated_at: unknown }): ConfigRow => ({
    id: r.id,
    config: JSON.parse(r.config),
    updatedAt: num(r.updated_at),
  });
  return {
    async list() {
      const { rows } = await pool.query(
        `SELECT id, config, updated_at FROM ${table} ORDER BY id COLLATE "C"`,
      );
      return rows.map(row);
    },
    async get(id) {
      const { rows } = await pool.query(`SELECT id, config, updated_at FROM ${table} WHERE id = $1`, [id]);
      return rows[0] ? row(rows[0]) : undefined;
    },
    async put(id, config, at) {
      await pool.query(
        `INSERT INTO ${table} (id, config, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
        [id, text(id, config), at],
      );
    },
    async insert(id, config, at) {
      const r = await pool.query(
        `INSERT INTO ${table} (id, config, updated_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
        [id, text(id, config), at],
      );
      return (r.rowCount ?? 0) > 0;
    },
    // SHARE ROW EXCLUSIVE conflicts with itself and every write: a second capped insert (any
    // instance) waits for this one's COMMIT, then counts its row. Reads go on meanwhile.
    insertWithin: (id, config, at, max) =>
      inTransaction(pool, async (c) => {
        const json = text(id, config);
        await c.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
        if ((await c.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rows.length > 0) return 'taken';
        if (num((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n) >= max) return 'full';
        await c.query(`INSERT INTO ${table} (id, config, updated_at) VALUES ($1, $2, $3)`, [id, json, at]);
        return 'inserted';
      }),
    async delete(id) {
      return ((await pool.query(`DELETE FROM ${table} WHERE id = $1`, [id])).rowCount ?? 0) > 0;
    },
  };
}
