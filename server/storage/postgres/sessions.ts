import type pg from 'pg';
import type { SessionStore, UserRole } from '../types';
import { num } from './rows';

/** Login sessions on PostgreSQL, keyed by the hash of their token; read with their user's role. */
export function createPgSessionStore(pool: pg.Pool): SessionStore {
  const count = (r: pg.QueryResult) => r.rowCount ?? 0;
  return {
    async insert(s) {
      await pool.query(
        `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [s.id, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt, s.userAgent],
      );
    },
    async get(id) {
      const { rows } = await pool.query(
        `SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.user_agent,
                u.email, u.role, u.created_at AS user_created_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
        [id],
      );
      const r = rows[0];
      if (!r) return undefined;
      return {
        session: {
          id: r.id as string,
          userId: num(r.user_id),
          createdAt: num(r.created_at),
          lastSeenAt: num(r.last_seen_at),
          expiresAt: num(r.expires_at),
          userAgent: r.user_agent as string | null,
        },
        user: {
          id: num(r.user_id),
          email: r.email as string,
          role: r.role as UserRole,
          createdAt: num(r.user_created_at),
        },
      };
    },
    async touch(id, at) {
      await pool.query('UPDATE sessions SET last_seen_at = $1 WHERE id = $2', [at, id]);
    },
    delete: async (id) => count(await pool.query('DELETE FROM sessions WHERE id = $1', [id])) > 0,
    deleteForUser: async (userId) =>
      count(await pool.query('DELETE FROM sessions WHERE user_id = $1', [userId])),
    deleteExpired: async (now, idleSince) =>
      count(
        await pool.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2', [
          now,
          idleSince,
        ]),
      ),
  };
}
