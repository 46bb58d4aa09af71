import { describe, expect, it } from 'vitest';
import type { DisplayHealthStore } from '../displayHealth';
import type { DisplayStore } from '../types';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * DisplayHealthStore's promises (../displayHealth.ts) as one suite any backend runs: SQLite
 * (../displayHealth.test.ts) and, when it exists, PostgreSQL. An outage row belongs to a display
 * (the displays store makes them). Pinned: nulls stay null (live, not told), times are ms numbers,
 * `all` is in display id order, `put` replaces.
 */
export interface DisplayHealthStores {
  readonly displays: DisplayStore;
  readonly health: DisplayHealthStore;
}

const T = 1_773_219_600_000;

export function describeDisplayHealthContract(
  name: string,
  backend: StoreBackend<DisplayHealthStores>,
): void {
  describe(`DisplayHealthStore contract (${name})`, () => {
    it('starts empty; put replaces a display’s outage; nulls stay null; all is in display order', async () => {
      const { store, close } = await freshStore(backend);
      const a = await store.displays.insert({ name: 'A', boardId: 'b', tokenHash: 'a', createdAt: T });
      const b = await store.displays.insert({ name: 'B', boardId: 'b', tokenHash: 'b', createdAt: T });
      expect(await store.health.all()).toEqual([]);
      await store.health.put({ displayId: b.id, downSince: T + 1, notifiedAt: null });
      await store.health.put({ displayId: a.id, downSince: T, notifiedAt: T + 300_000 });
      await store.health.put({ displayId: b.id, downSince: T + 2, notifiedAt: T + 3 });
      expect(await store.health.all()).toEqual([
        { displayId: a.id, downSince: T, notifiedAt: T + 300_000 },
        { displayId: b.id, downSince: T + 2, notifiedAt: T + 3 },
      ]);
      await store.health.put({ displayId: a.id, downSince: null, notifiedAt: null });
      expect((await store.health.all())[0]).toEqual({ displayId: a.id, downSince: null, notifiedAt: null });
      await close();
    });

    it('refuses an outage of no display', async () => {
      const { store, close } = await freshStore(backend);
      await expect(store.health.put({ displayId: 999, downSince: T, notifiedAt: null })).rejects.toThrow();
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      const a = await store.displays.insert({ name: 'A', boardId: 'b', tokenHash: 'a', createdAt: T });
      await store.health.put({ displayId: a.id, downSince: T, notifiedAt: null });
      expect(await onAnother(backend, place, (other) => other.health.all())).toEqual([
        { displayId: a.id, downSince: T, notifiedAt: null },
      ]);
      await close();
    });
  });
}
