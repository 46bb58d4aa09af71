import type Database from 'better-sqlite3';
import type { SessionRecord, SessionStore, UserRole } from './types';

interface Row {
  id: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string | null;
  email: string;
  role: UserRole;
  user_created_at: number;
}

/** Login sessions, keyed by the hash of their token. Expiry rules live in server/auth/sessions.ts. */
export function createSessionStore(db: Database.Database): SessionStore {
  const insert = db.prepare(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const one = db.prepare(
    `SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.user_agent,
            u.email, u.role, u.created_at AS user_created_at
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
  );
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?');

  // Async around synchronous statements: the interface is a network database's (types.ts).
  return {
    async insert(s: SessionRecord) {
      insert.run(s.id, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt, s.userAgent);
    },
    async get(id) {
      const r = one.get(id) as Row | undefined;
      if (!r) return undefined;
      return {
        session: {
          id: r.id,
          userId: r.user_id,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: r.expires_at,
          userAgent: r.user_agent,
        },
        user: { id: r.user_id, email: r.email, role: r.role, createdAt: r.user_created_at },
      };
    },
    async touch(id, at) {
      touch.run(at, id);
    },
    delete: async (id) => remove.run(id).changes > 0,
    deleteForUser: async (userId) => removeForUser.run(userId).changes,
    deleteExpired: async (now, idleSince) => removeExpired.run(now, idleSince).changes,
  };
}
