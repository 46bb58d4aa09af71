import { describe, expect, it } from 'vitest';
import type { DisplayStore } from '../types';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * DisplayStore's promises (../types.ts) as one suite any backend runs: SQLite (../displays.test.ts)
 * and, when it exists, PostgreSQL. Pinned: a token hash goes in and is looked up but never comes back
 * out; revocation sets its time once; nulls stay null (never seen, not revoked); times are ms numbers;
 * the list is in id order and keeps revoked displays.
 */
const T = 1_773_219_600_000;

export function describeDisplayStoreContract(name: string, backend: StoreBackend<DisplayStore>): void {
  describe(`DisplayStore contract (${name})`, () => {
    it('inserts with nulls for never seen and not revoked; finds by token hash, never returns it', async () => {
      const { store, close } = await freshStore(backend);
      const d = await store.insert({ name: 'Lobby TV', boardId: 'sales', tokenHash: 'abc', createdAt: T });
      expect(d).toEqual({
        id: d.id,
        name: 'Lobby TV',
        boardId: 'sales',
        createdAt: T,
        lastSeenAt: null,
        revokedAt: null,
      });
      expect(await store.byTokenHash('abc')).toEqual(d);
      expect(await store.byTokenHash('ABC')).toBeUndefined();
      expect(await store.byTokenHash('abd')).toBeUndefined();
      expect(await store.get(d.id)).toEqual(d);
      expect(await store.get(d.id + 1000)).toBeUndefined();
      expect(JSON.stringify(await store.list())).not.toContain('abc');
      await close();
    });

    it('touch sets last seen; revoke sets its time once; a revoked display is still found and listed', async () => {
      const { store, close } = await freshStore(backend);
      const d = await store.insert({ name: 'Lobby', boardId: 'sales', tokenHash: 'h', createdAt: T });
      await store.touch(d.id, T + 1);
      expect(await store.revoke(d.id, T + 2)).toMatchObject({ lastSeenAt: T + 1, revokedAt: T + 2 });
      expect((await store.revoke(d.id, T + 3))?.revokedAt).toBe(T + 2);
      expect(await store.revoke(d.id + 1000, T)).toBeUndefined();
      expect((await store.byTokenHash('h'))?.revokedAt).toBe(T + 2);
      expect((await store.list()).map((x) => x.id)).toEqual([d.id]);
      await close();
    });

    it('lists in creation order; a token hash is unique', async () => {
      const { store, close } = await freshStore(backend);
      const ids = [];
      for (const n of ['Zed', 'Amy', 'Mo'])
        ids.push((await store.insert({ name: n, boardId: 'b', tokenHash: n, createdAt: T })).id);
      expect((await store.list()).map((d) => d.id)).toEqual(ids);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      await expect(
        store.insert({ name: 'Again', boardId: 'b', tokenHash: 'Zed', createdAt: T }),
      ).rejects.toThrow();
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      const d = await store.insert({ name: 'Lobby', boardId: 'sales', tokenHash: 'h', createdAt: T });
      await store.revoke(d.id, T + 9);
      expect((await onAnother(backend, place, (other) => other.byTokenHash('h')))?.revokedAt).toBe(T + 9);
      await close();
    });
  });
}
