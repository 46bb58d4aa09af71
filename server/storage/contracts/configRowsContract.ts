import { describe, expect, it } from 'vitest';
import type { ConfigRows } from '../configRows';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * ConfigRows' promises (../configRows.ts) as one suite any backend runs, for each of its tables
 * (PBX connections, webhook sources, alert channels): SQLite (../configRows.test.ts) and, when it
 * exists, PostgreSQL. Pinned where databases differ: list order is the ids' code points, `updatedAt`
 * is the ms number given (not a date, not a string of a bigint), insert refuses a taken id.
 */
export function describeConfigRowsContract(name: string, backend: StoreBackend<ConfigRows>): void {
  describe(`ConfigRows contract (${name})`, () => {
    it('starts empty; a missing row is undefined', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.list()).toEqual([]);
      expect(await store.get('main')).toBeUndefined();
      expect(await store.delete('main')).toBe(false);
      await close();
    });

    it('put replaces config and updatedAt; list is ordered by id code point', async () => {
      const { store, close } = await freshStore(backend);
      const at = 1_773_129_600_123; // past 2^31 and 2^32: a bigint column must come back a number
      for (const id of ['pbx-2', 'pbx10', 'Pbx', 'pbx-1']) await store.put(id, { name: id }, at);
      await store.put('pbx-1', { name: 'First', enabled: false, tenants: [] }, at + 1);
      const rows = await store.list();
      expect(rows.map((r) => r.id)).toEqual(['Pbx', 'pbx-1', 'pbx-2', 'pbx10']);
      expect(rows[1]).toEqual({
        id: 'pbx-1',
        config: { name: 'First', enabled: false, tenants: [] },
        updatedAt: at + 1,
      });
      expect(typeof rows[0]?.updatedAt).toBe('number');
      expect(await store.get('pbx10')).toEqual({ id: 'pbx10', config: { name: 'pbx10' }, updatedAt: at });
      await close();
    });

    it('keeps nulls inside the JSON', async () => {
      const { store, close } = await freshStore(backend);
      await store.put('src', { name: 'x', previousUntil: null, rest: null }, 5);
      expect((await store.get('src'))?.config).toEqual({ name: 'x', previousUntil: null, rest: null });
      await close();
    });

    it('insert takes a free id only: false on a taken one, the stored row unchanged', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.insert('main', { name: 'First' }, 1)).toBe(true);
      expect(await store.insert('main', { name: 'Second' }, 2)).toBe(false);
      expect(await store.get('main')).toEqual({ id: 'main', config: { name: 'First' }, updatedAt: 1 });
      const results = await Promise.all([1, 2, 3].map((n) => store.insert('race', { n }, n)));
      expect(results.filter(Boolean)).toHaveLength(1);
      await close();
    });

    it('delete says whether there was a row', async () => {
      const { store, close } = await freshStore(backend);
      await store.put('main', { name: 'Main' }, 1);
      expect(await store.delete('main')).toBe(true);
      expect(await store.delete('main')).toBe(false);
      await close();
    });

    it('rejects a config that is not JSON, writing nothing', async () => {
      const { store, close } = await freshStore(backend);
      await expect(store.put('x', undefined, 1)).rejects.toThrow(TypeError);
      await expect(store.insert('y', undefined, 1)).rejects.toThrow(TypeError);
      expect(await store.list()).toEqual([]);
      await close();
    });

    it('insertWithin: full at the cap, taken on a used id; races through two connections stay within it', async () => {
      const place = await backend.newPlace();
      const one = await backend.open(place);
      const two = await backend.open(place);
      expect(await one.store.insertWithin('a', { n: 0 }, 1, 3)).toBe('inserted');
      expect(await two.store.insertWithin('a', { n: 1 }, 2, 3)).toBe('taken');
      // Twelve creates at once, half through each connection, for the two places left.
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).store.insertWithin(`r${i}`, { n: i }, 3, 3)),
      );
      expect(results.filter((r) => r === 'inserted')).toHaveLength(2);
      expect(results.filter((r) => r === 'full')).toHaveLength(10);
      expect(await one.store.list()).toHaveLength(3);
      expect(await two.store.get('a')).toEqual({ id: 'a', config: { n: 0 }, updatedAt: 1 });
      await two.close();
      await one.close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.put('main', { name: 'Main' }, 7);
      expect(await onAnother(backend, place, (other) => other.list())).toEqual([
        { id: 'main', config: { name: 'Main' }, updatedAt: 7 },
      ]);
      await close();
    });
  });
}
