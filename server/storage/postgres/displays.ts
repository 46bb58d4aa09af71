import type pg from 'pg';
import type { Display, DisplayStore } from '../types';
import { num, numOrNull } from './rows';

const COLUMNS = 'id, name, board_id, created_at, last_seen_at, revoked_at';

const displayOf = (r: Record<string, unknown>): Display => ({
  id: num(r.id),
  name: r.name as string,
  boardId: r.board_id as string,
  createdAt: num(r.created_at),
  lastSeenAt: numOrNull(r.last_seen_at),
  revokedAt: numOrNull(r.revoked_at),
});

/** TVs and their board on PostgreSQL (schema v3). The token hash is looked up, never read back. */
export function createPgDisplayStore(pool: pg.Pool): DisplayStore {
  const one = async (sql: string, args: unknown[]) => {
    const row = (await pool.query(sql, args)).rows[0];
    return row ? displayOf(row) : undefined;
  };
  return {
    async insert(d) {
      const { rows } = await pool.query(
        `INSERT INTO displays (name, board_id, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [d.name, d.boardId, d.tokenHash, d.createdAt],
      );
      return displayOf(rows[0]);
    },
    list: async () => (await pool.query(`SELECT ${COLUMNS} FROM displays ORDER BY id`)).rows.map(displayOf),
    get: (id) => one(`SELECT ${COLUMNS} FROM displays WHERE id = $1`, [id]),
    byTokenHash: (tokenHash) => one(`SELECT ${COLUMNS} FROM displays WHERE token_hash = $1`, [tokenHash]),
    async touch(id, at) {
      await pool.query('UPDATE displays SET last_seen_at = $1 WHERE id = $2', [at, id]);
    },
    revoke: (id, at) =>
      one(`UPDATE displays SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING ${COLUMNS}`, [
        at,
        id,
      ]),
  };
}
