import type pg from 'pg';
import { DuplicateEmailError, type NewUser, type User, type UserRole, type UserStore } from '../types';
import { inTransaction, isUniqueViolation, num } from './rows';

interface Row {
  id: unknown;
  email: string;
  role: UserRole;
  created_at: unknown;
}

const userOf = (r: Row): User => ({
  id: num(r.id),
  email: r.email,
  role: r.role,
  createdAt: num(r.created_at),
});
const COLUMNS = 'id, email, role, created_at';

/**
 * Accounts on PostgreSQL. Emails are stored trimmed and lower-case; the unique index on lower(email)
 * (schema v3) is SQLite's NOCASE. Where SQLite's BEGIN IMMEDIATE held the whole database while a
 * check and its write ran (first-run setup, the last admin), these transactions lock the users table
 * in SHARE ROW EXCLUSIVE mode: it conflicts with itself and with every write, so two such checks
 * queue instead of both passing, while reads (every request's session) go on.
 */
export function createPgUserStore(pool: pg.Pool): UserStore {
  const LOCK = 'LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE';

  async function insert(q: pg.Pool | pg.PoolClient, u: NewUser): Promise<User> {
    const email = u.email.trim().toLowerCase();
    try {
      const { rows } = await q.query(
        'INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [email, u.passwordHash, u.role, u.createdAt],
      );
      return { id: num(rows[0].id), email, role: u.role, createdAt: u.createdAt };
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateEmailError(email);
      throw err;
    }
  }

  async function admins(c: pg.PoolClient): Promise<number> {
    return num((await c.query("SELECT count(*) AS n FROM users WHERE role = 'admin'")).rows[0].n);
  }
  async function byId(c: pg.Pool | pg.PoolClient, id: number): Promise<Row | undefined> {
    return (await c.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])).rows[0];
  }

  return {
    count: async () => num((await pool.query('SELECT count(*) AS n FROM users')).rows[0].n),
    list: async () => (await pool.query(`SELECT ${COLUMNS} FROM users ORDER BY id`)).rows.map(userOf),
    async get(id) {
      const row = await byId(pool, id);
      return row && userOf(row);
    },
    async credentialsOf(email) {
      const { rows } = await pool.query(
        `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(email) = $1`,
        [email.trim().toLowerCase()],
      );
      const row = rows[0] as (Row & { password_hash: string }) | undefined;
      return row && { user: userOf(row), passwordHash: row.password_hash };
    },
    create: (u) => insert(pool, u),
    createFirst: (u) =>
      inTransaction(pool, async (c) => {
        await c.query(LOCK);
        const n = num((await c.query('SELECT count(*) AS n FROM users')).rows[0].n);
        return n === 0 ? insert(c, u) : undefined;
      }),
    delete: (id) =>
      inTransaction(pool, async (c) => {
        await c.query(LOCK);
        const row = await byId(c, id);
        if (!row) return 'not-found';
        if (row.role === 'admin' && (await admins(c)) <= 1) return 'last-admin';
        await c.query('DELETE FROM users WHERE id = $1', [id]);
        return 'deleted';
      }),
    // One transaction: no request can slip in with a session that outlives the old password.
    setPassword: (id, hash) =>
      inTransaction(pool, async (c) => {
        const r = await c.query('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, id]);
        if ((r.rowCount ?? 0) === 0) return false;
        await c.query('DELETE FROM sessions WHERE user_id = $1', [id]);
        return true;
      }),
    setRole: (id, role) =>
      inTransaction(pool, async (c) => {
        await c.query(LOCK);
        const row = await byId(c, id);
        if (!row) return 'not-found';
        if (row.role === role) return 'unchanged';
        if (row.role === 'admin' && (await admins(c)) <= 1) return 'last-admin';
        await c.query('UPDATE users SET role = $1 WHERE id = $2', [role, id]);
        return 'changed';
      }),
  };
}
