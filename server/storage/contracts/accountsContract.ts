import { describe, expect, it } from 'vitest';
import { DuplicateEmailError, type NewUser, type SessionStore, type UserStore } from '../types';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * UserStore's and SessionStore's promises (../types.ts) as one suite any backend runs: SQLite
 * (../accounts.test.ts) and, when it exists, PostgreSQL. They are tested together because they are
 * one table pair: deleting a user or changing a password ends sessions in the same transaction, and a
 * session is read with its user's current role. Pinned where databases differ: emails are unique
 * without case (SQLite's NOCASE, PostgreSQL's `lower(email)` index), times come back as ms numbers,
 * lists are in id order, a missing row is undefined and a null user agent stays null.
 */
export interface AccountStores {
  readonly users: UserStore;
  readonly sessions: SessionStore;
}

const T = 1_773_219_600_000; // 2026-03-11 09:00 UTC: past 2^32, a bigint column must come back a number
const HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaA';
const person = (email: string, role: 'admin' | 'supervisor' = 'admin'): NewUser => ({
  email,
  passwordHash: HASH,
  role,
  createdAt: T,
});
const session = (id: string, userId: number, over: { lastSeenAt?: number; expiresAt?: number } = {}) => ({
  id,
  userId,
  createdAt: T,
  lastSeenAt: over.lastSeenAt ?? T,
  expiresAt: over.expiresAt ?? T + 1000,
  userAgent: null,
});

export function describeAccountStoresContract(name: string, backend: StoreBackend<AccountStores>): void {
  describe(`UserStore contract (${name})`, () => {
    it('stores emails trimmed and lower-case, unique without case, found either way', async () => {
      const { store, close } = await freshStore(backend);
      const { users } = store;
      const ann = await users.create(person(' Ann@Example.COM '));
      expect(ann).toEqual({ id: ann.id, email: 'ann@example.com', role: 'admin', createdAt: T });
      expect(typeof ann.id).toBe('number');
      await expect(users.create(person('ANN@example.com'))).rejects.toThrow(DuplicateEmailError);
      expect(await users.credentialsOf(' aNn@example.com')).toEqual({ user: ann, passwordHash: HASH });
      expect(await users.credentialsOf('bob@example.com')).toBeUndefined();
      expect(await users.get(ann.id)).toEqual(ann);
      expect(await users.get(ann.id + 1000)).toBeUndefined();
      expect(await users.count()).toBe(1);
      await close();
    });

    it('lists in creation order, without any hash', async () => {
      const { store, close } = await freshStore(backend);
      const created = [];
      for (const e of ['zed@example.com', 'amy@example.com', 'mo@example.com'])
        created.push(await store.users.create(person(e, 'supervisor')));
      const list = await store.users.list();
      expect(list).toEqual(created);
      expect(list.map((u) => u.id)).toEqual([...list.map((u) => u.id)].sort((a, b) => a - b));
      expect(JSON.stringify(list)).not.toContain('scrypt');
      await close();
    });

    it('createFirst creates only while nobody exists, also when two run at once', async () => {
      const { store, close } = await freshStore(backend);
      const both = await Promise.all([
        store.users.createFirst(person('first@example.com')),
        store.users.createFirst(person('second@example.com')),
      ]);
      expect(both.filter((u) => u !== undefined)).toHaveLength(1);
      expect(await store.users.createFirst(person('third@example.com'))).toBeUndefined();
      expect(await store.users.count()).toBe(1);
      await close();
    });

    it('never deletes the last admin; deleting a user ends their sessions', async () => {
      const { store, close } = await freshStore(backend);
      const { users, sessions } = store;
      const admin = await users.create(person('a@example.com'));
      const sup = await users.create(person('s@example.com', 'supervisor'));
      await sessions.insert(session('h1', sup.id));
      expect(await users.delete(admin.id)).toBe('last-admin');
      expect(await users.delete(sup.id)).toBe('deleted');
      expect(await sessions.get('h1')).toBeUndefined();
      expect(await users.delete(sup.id)).toBe('not-found');
      const second = await users.create(person('b@example.com'));
      expect(await users.delete(admin.id)).toBe('deleted');
      expect(await users.delete(second.id)).toBe('last-admin');
      await close();
    });

    it('setPassword replaces the hash and ends every session of the user; false for no such user', async () => {
      const { store, close } = await freshStore(backend);
      const { users, sessions } = store;
      const u = await users.create(person('a@example.com'));
      const other = await users.create(person('o@example.com'));
      await sessions.insert(session('mine', u.id));
      await sessions.insert(session('theirs', other.id));
      expect(await users.setPassword(u.id, 'scrypt$new')).toBe(true);
      expect((await users.credentialsOf('a@example.com'))?.passwordHash).toBe('scrypt$new');
      expect(await sessions.get('mine')).toBeUndefined();
      expect(await sessions.get('theirs')).toBeDefined();
      expect(await users.setPassword(other.id + 1000, 'scrypt$x')).toBe(false);
      await close();
    });

    it('setRole: changed, unchanged, not-found, and never demotes the last admin', async () => {
      const { store, close } = await freshStore(backend);
      const { users, sessions } = store;
      const admin = await users.create(person('a@example.com'));
      const sup = await users.create(person('s@example.com', 'supervisor'));
      await sessions.insert(session('h', sup.id));
      expect(await users.setRole(admin.id, 'supervisor')).toBe('last-admin');
      expect(await users.setRole(sup.id, 'supervisor')).toBe('unchanged');
      expect(await users.setRole(sup.id, 'admin')).toBe('changed');
      // A session reads its user's role as it is now.
      expect((await sessions.get('h'))?.user.role).toBe('admin');
      expect(await users.setRole(admin.id, 'supervisor')).toBe('changed');
      expect(await users.setRole(sup.id + 1000, 'admin')).toBe('not-found');
      await close();
    });

    it('refuses a role that is not a person role', async () => {
      const { store, close } = await freshStore(backend);
      await expect(
        store.users.create({ ...person('d@example.com'), role: 'display' as 'admin' }),
      ).rejects.toThrow();
      expect(await store.users.count()).toBe(0);
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      const u = await store.users.create(person('a@example.com'));
      expect(await onAnother(backend, place, (other) => other.users.credentialsOf('A@example.com'))).toEqual({
        user: u,
        passwordHash: HASH,
      });
      await close();
    });
  });

  describe(`SessionStore contract (${name})`, () => {
    it('joins the user; touches; deletes expired or idle sessions only', async () => {
      const { store, close } = await freshStore(backend);
      const { users, sessions } = store;
      const u = await users.create(person('a@example.com'));
      const base = { userId: u.id, createdAt: T, userAgent: 'tv' };
      await sessions.insert({ ...base, id: 'fresh', lastSeenAt: T, expiresAt: T + 100 });
      await sessions.insert({ ...base, id: 'idle', lastSeenAt: T - 50, expiresAt: T + 100 });
      await sessions.insert({ ...base, id: 'over', lastSeenAt: T, expiresAt: T });
      expect(await sessions.get('fresh')).toEqual({
        session: { ...base, id: 'fresh', lastSeenAt: T, expiresAt: T + 100 },
        user: u,
      });
      await sessions.touch('fresh', T + 5);
      expect((await sessions.get('fresh'))?.session.lastSeenAt).toBe(T + 5);
      // Expired: expires_at <= now; idle: last seen before idleSince (strictly).
      expect(await sessions.deleteExpired(T, T - 10)).toBe(2);
      expect(await sessions.get('idle')).toBeUndefined();
      expect(await sessions.get('over')).toBeUndefined();
      expect(await sessions.get('fresh')).toBeDefined();
      expect(await sessions.deleteExpired(T, T + 5)).toBe(0);
      expect(await sessions.deleteForUser(u.id)).toBe(1);
      expect(await sessions.deleteForUser(u.id)).toBe(0);
      await close();
    });

    it('a null user agent stays null; ids are exact (case matters)', async () => {
      const { store, close } = await freshStore(backend);
      const u = await store.users.create(person('a@example.com'));
      await store.sessions.insert(session('AbC', u.id));
      expect((await store.sessions.get('AbC'))?.session.userAgent).toBeNull();
      expect(await store.sessions.get('abc')).toBeUndefined();
      expect(await store.sessions.delete('abc')).toBe(false);
      expect(await store.sessions.delete('AbC')).toBe(true);
      expect(await store.sessions.delete('AbC')).toBe(false);
      await close();
    });

    it('refuses a session of no user, or under a taken id', async () => {
      const { store, close } = await freshStore(backend);
      const u = await store.users.create(person('a@example.com'));
      await expect(store.sessions.insert(session('x', u.id + 1000))).rejects.toThrow();
      await store.sessions.insert(session('y', u.id));
      await expect(store.sessions.insert(session('y', u.id))).rejects.toThrow();
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      const u = await store.users.create(person('a@example.com'));
      await store.sessions.insert(session('s', u.id));
      expect((await onAnother(backend, place, (other) => other.sessions.get('s')))?.user).toEqual(u);
      await store.sessions.delete('s');
      expect(await onAnother(backend, place, (other) => other.sessions.get('s'))).toBeUndefined();
      await close();
    });
  });
}
