import type Database from 'better-sqlite3';
import { DuplicateEmailError, type NewUser, type User, type UserRole, type UserStore } from './types';

interface Row {
  id: number;
  email: string;
  role: UserRole;
  created_at: number;
}

const userOf = (r: Row): User => ({ id: r.id, email: r.email, role: r.role, createdAt: r.created_at });

/** Accounts of people. Emails are stored lower-case and compared without case (COLLATE NOCASE). */
export function createUserStore(db: Database.Database): UserStore {
  const count = db.prepare('SELECT count(*) FROM users').pluck();
  const all = db.prepare('SELECT id, email, role, created_at FROM users ORDER BY id');
  const byId = db.prepare('SELECT id, email, role, created_at FROM users WHERE id = ?');
  const byEmail = db.prepare('SELECT id, email, role, created_at, password_hash FROM users WHERE email = ?');
  const insert = db
    .prepare('INSERT INTO users (email, password_hash, role, created_at) VALUES (?, ?, ?, ?) RETURNING id')
    .pluck();
  const admins = db.prepare("SELECT count(*) FROM users WHERE role = 'admin'").pluck();
  const remove = db.prepare('DELETE FROM users WHERE id = ?');
  const updateHash = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
  const updateRole = db.prepare('UPDATE users SET role = ? WHERE id = ?');
  const endSessions = db.prepare('DELETE FROM sessions WHERE user_id = ?');

  function create(u: NewUser): User {
    const email = u.email.trim().toLowerCase();
    try {
      const id = insert.get(email, u.passwordHash, u.role, u.createdAt) as number;
      return { id, email, role: u.role, createdAt: u.createdAt };
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new DuplicateEmailError(email);
      throw err;
    }
  }

  // IMMEDIATE: the check and the write hold the write lock together, so two first-run setups (or two
  // admins deleting or demoting each other) cannot both pass the check.
  const createFirst = db.transaction((u: NewUser) => ((count.get() as number) === 0 ? create(u) : undefined));
  const deleteChecked = db.transaction((id: number): 'deleted' | 'not-found' | 'last-admin' => {
    const row = byId.get(id) as Row | undefined;
    if (!row) return 'not-found';
    if (row.role === 'admin' && (admins.get() as number) <= 1) return 'last-admin';
    remove.run(id);
    return 'deleted';
  });
  // One transaction: no request can slip in with a session that outlives the old password.
  const setPasswordChecked = db.transaction((id: number, hash: string): boolean => {
    if (updateHash.run(hash, id).changes === 0) return false;
    endSessions.run(id);
    return true;
  });
  const setRoleChecked = db.transaction(
    (id: number, role: UserRole): 'changed' | 'unchanged' | 'not-found' | 'last-admin' => {
      const row = byId.get(id) as Row | undefined;
      if (!row) return 'not-found';
      if (row.role === role) return 'unchanged';
      if (row.role === 'admin' && (admins.get() as number) <= 1) return 'last-admin';
      updateRole.run(role, id);
      return 'changed';
    },
  );

  // Async around synchronous statements: the interface is a network database's (types.ts).
  return {
    count: async () => count.get() as number,
    list: async () => (all.all() as Row[]).map(userOf),
    async get(id) {
      const row = byId.get(id) as Row | undefined;
      return row && userOf(row);
    },
    async credentialsOf(email) {
      const row = byEmail.get(email.trim().toLowerCase()) as (Row & { password_hash: string }) | undefined;
      return row && { user: userOf(row), passwordHash: row.password_hash };
    },
    create: async (u) => create(u),
    createFirst: async (u) => createFirst.immediate(u),
    delete: async (id) => deleteChecked.immediate(id),
    setPassword: async (id, hash) => setPasswordChecked.immediate(id, hash),
    setRole: async (id, role) => setRoleChecked.immediate(id, role),
  };
}
