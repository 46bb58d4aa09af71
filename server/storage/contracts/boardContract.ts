import { describe, expect, it } from 'vitest';
import type { BoardStore } from '../types';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * BoardStore's promises (../types.ts) as one suite any backend runs: SQLite (../boards.test.ts) and,
 * when it exists, PostgreSQL. Only what another caller can observe is pinned, including what
 * databases differ on: list order is the ids' code points (under PostgreSQL's usual en_US collation
 * `annex` sorts before `Zed`), a missing board is `undefined` while a stored `null` config is a board.
 */
export function describeBoardStoreContract(name: string, backend: StoreBackend<BoardStore>): void {
  describe(`BoardStore contract (${name})`, () => {
    it('starts empty; a missing board is undefined', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.list()).toEqual([]);
      expect(await store.get('main')).toBeUndefined();
      expect(await store.delete('main')).toBe(false);
      await close();
    });

    it('put replaces; list is ordered by id code point, whatever the order of writes', async () => {
      const { store, close } = await freshStore(backend);
      for (const id of ['main', 'b2', 'b10', 'b-2', 'annex', 'Zed'])
        await store.put(id, { name: id, queues: ['8000'] });
      await store.put('main', { name: 'Main floor', queues: ['8000', '8001'] });
      expect((await store.list()).map((b) => b.id)).toEqual(['Zed', 'annex', 'b-2', 'b10', 'b2', 'main']);
      expect(await store.get('main')).toEqual({
        id: 'main',
        config: { name: 'Main floor', queues: ['8000', '8001'] },
      });
      await close();
    });

    it('keeps the JSON as given: nesting, unicode, numbers, null inside and a null config', async () => {
      const { store, close } = await freshStore(backend);
      const config = {
        name: 'Étage “2” 📞',
        n: 1.5,
        big: 2 ** 53 - 1,
        none: null,
        list: [{ a: [] }],
        empty: {},
      };
      await store.put('x', config);
      await store.put('nothing', null);
      expect(await store.get('x')).toEqual({ id: 'x', config });
      expect(await store.get('nothing')).toEqual({ id: 'nothing', config: null });
      await close();
    });

    it('insert takes a free id only: false on a taken one, and the stored board stays', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.insert('main', { name: 'First' })).toBe(true);
      expect(await store.insert('main', { name: 'Second' })).toBe(false);
      expect((await store.get('main'))?.config).toEqual({ name: 'First' });
      // Concurrent inserts of one id: exactly one wins.
      const results = await Promise.all([1, 2, 3].map((n) => store.insert('race', { n })));
      expect(results.filter(Boolean)).toHaveLength(1);
      await close();
    });

    it('delete says whether there was a board', async () => {
      const { store, close } = await freshStore(backend);
      await store.put('main', { name: 'Main' });
      expect(await store.delete('main')).toBe(true);
      expect(await store.delete('main')).toBe(false);
      expect(await store.list()).toEqual([]);
      await close();
    });

    it('rejects a config that is not JSON, writing nothing', async () => {
      const { store, close } = await freshStore(backend);
      await expect(store.put('x', undefined)).rejects.toThrow(TypeError);
      await expect(store.insert('y', () => 1)).rejects.toThrow(TypeError);
      expect(await store.list()).toEqual([]);
      await close();
    });

    it('a write has reached the database when its promise resolves (another connection reads it)', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.put('main', { name: 'Main' });
      await store.insert('annex', { name: 'Annex' });
      expect(await onAnother(backend, place, (other) => other.list())).toEqual([
        { id: 'annex', config: { name: 'Annex' } },
        { id: 'main', config: { name: 'Main' } },
      ]);
      await store.delete('main');
      expect(await onAnother(backend, place, (other) => other.get('main'))).toBeUndefined();
      await close();
    });
  });
}
