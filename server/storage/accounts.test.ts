import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DuplicateEmailError, openStorage, type Storage } from './index';
import { MIGRATIONS, migrate } from './migrations';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();
const T = Date.UTC(2026, 2, 11, 9);
const HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaA';

async function withStorage(test: (s: Storage) => void | Promise<void>) {
  const storage = openStorage({ dataDir: tempDir() });
  try {
    await test(storage);
  } finally {
    await storage.close();
  }
}

const user = (email: string, role: 'admin' | 'supervisor' = 'admin') => ({
  email,
  passwordHash: HASH,
  role,
  createdAt: T,
});

describe('users', () => {
  it('stores emails lower-case, unique regardless of case, and finds them either way', () =>
    withStorage(({ users }) => {
      const ann = users.create(user(' Ann@Example.COM '));
      expect(ann).toEqual({ id: 1, email: 'ann@example.com', role: 'admin', createdAt: T });
      expect(() => users.create(user('ANN@example.com'))).toThrow(DuplicateEmailError);
      expect(users.credentialsOf('aNn@example.com')).toEqual({ user: ann, passwordHash: HASH });
      expect(users.credentialsOf('bob@example.com')).toBeUndefined();
      expect(users.list()).toEqual([ann]);
      expect(users.list()[0]).not.toHaveProperty('passwordHash');
    }));

  it('createFirst creates only while nobody exists', () =>
    withStorage(({ users }) => {
      expect(users.createFirst(user('first@example.com'))?.id).toBe(1);
      expect(users.createFirst(user('second@example.com'))).toBeUndefined();
      expect(users.count()).toBe(1);
    }));

  it('never deletes the last admin; deleting a user ends their sessions', () =>
    withStorage(({ users, sessions }) => {
      const admin = users.create(user('a@example.com'));
      const sup = users.create(user('s@example.com', 'supervisor'));
      sessions.insert({
        id: 'h1',
        userId: sup.id,
        createdAt: T,
        lastSeenAt: T,
        expiresAt: T + 1000,
        userAgent: null,
      });
      expect(users.delete(admin.id)).toBe('last-admin');
      expect(users.delete(sup.id)).toBe('deleted');
      expect(sessions.get('h1')).toBeUndefined();
      expect(users.delete(sup.id)).toBe('not-found');
      const second = users.create(user('b@example.com'));
      expect(users.delete(admin.id)).toBe('deleted');
      expect(users.delete(second.id)).toBe('last-admin');
    }));

  it('refuses a role that is not a person role', () =>
    withStorage(({ users }) => {
      expect(() => users.create({ ...user('d@example.com'), role: 'display' as 'admin' })).toThrow(/CHECK/);
    }));
});

describe('sessions', () => {
  it('joins the user, touches, and deletes expired or idle sessions only', () =>
    withStorage(({ users, sessions }) => {
      const u = users.create(user('a@example.com'));
      const base = { userId: u.id, createdAt: T, userAgent: 'tv' };
      sessions.insert({ ...base, id: 'fresh', lastSeenAt: T, expiresAt: T + 100 });
      sessions.insert({ ...base, id: 'idle', lastSeenAt: T - 50, expiresAt: T + 100 });
      sessions.insert({ ...base, id: 'over', lastSeenAt: T, expiresAt: T });
      expect(sessions.get('fresh')).toEqual({
        session: { ...base, id: 'fresh', lastSeenAt: T, expiresAt: T + 100 },
        user: u,
      });
      sessions.touch('fresh', T + 5);
      expect(sessions.get('fresh')?.session.lastSeenAt).toBe(T + 5);
      expect(sessions.deleteExpired(T, T - 10)).toBe(2);
      expect(sessions.get('fresh')).toBeDefined();
      expect(sessions.deleteForUser(u.id)).toBe(1);
    }));
});

describe('displays', () => {
  it('finds by token hash, never returns the hash, and revokes once', () =>
    withStorage(({ displays }) => {
      const d = displays.insert({ name: 'Lobby TV', boardId: 'sales', tokenHash: 'abc', createdAt: T });
      expect(d).toEqual({
        id: 1,
        name: 'Lobby TV',
        boardId: 'sales',
        createdAt: T,
        lastSeenAt: null,
        revokedAt: null,
      });
      expect(displays.byTokenHash('abc')).toEqual(d);
      expect(displays.byTokenHash('abd')).toBeUndefined();
      displays.touch(d.id, T + 1);
      expect(displays.revoke(d.id, T + 2)).toMatchObject({ lastSeenAt: T + 1, revokedAt: T + 2 });
      expect(displays.revoke(d.id, T + 3)?.revokedAt).toBe(T + 2);
      expect(displays.revoke(99, T)).toBeUndefined();
      expect(JSON.stringify(displays.list())).not.toContain('abc');
    }));
});

describe('migration 3', () => {
  it('upgrades a version-2 database and keeps its boards', () => {
    const db = new Database(`${tempDir()}/x.db`);
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO boards VALUES ('main', '{}', 0)").run();
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toEqual([3]);
    expect(db.prepare('SELECT id FROM boards').pluck().all()).toEqual(['main']);
    db.close();
  });
});
