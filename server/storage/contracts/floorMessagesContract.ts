import { describe, expect, it } from 'vitest';
import type { FloorMessageStore } from '../floorMessages';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * FloorMessageStore's promises (../floorMessages.ts) as one suite any backend runs: SQLite
 * (../floorMessages.test.ts) and, when it exists, PostgreSQL. Pinned: the board list comes back as
 * given, nulls stay null (no expiry, not removed), `active` keeps a message while expires_at > now,
 * oldest first; `recent` is newest first; removal keeps its first time and author.
 */
const T = 1_773_219_600_000;
const message = (text: string, over: { expiresAt?: number | null; boardIds?: string[] } = {}) => ({
  text,
  severity: 'info' as const,
  boardIds: over.boardIds ?? ['sales'],
  postedAt: T,
  postedBy: 'user 1 (ann@example.com)',
  expiresAt: over.expiresAt === undefined ? null : over.expiresAt,
});

export function describeFloorMessageStoreContract(
  name: string,
  backend: StoreBackend<FloorMessageStore>,
): void {
  describe(`FloorMessageStore contract (${name})`, () => {
    it('insert returns the stored message: its id, boards as given, nulls for no expiry and not removed', async () => {
      const { store, close } = await freshStore(backend);
      const m = await store.insert(
        message('Fire drill at 3 “today” 📢', { boardIds: ['sales', 'Support', 'a-b'] }),
      );
      expect(m).toEqual({
        id: m.id,
        text: 'Fire drill at 3 “today” 📢',
        severity: 'info',
        boardIds: ['sales', 'Support', 'a-b'],
        postedAt: T,
        postedBy: 'user 1 (ann@example.com)',
        expiresAt: null,
        removedAt: null,
        removedBy: null,
      });
      expect(await store.active(T)).toEqual([m]);
      await close();
    });

    it('active: neither removed nor expired (kept while expires_at > now), oldest first', async () => {
      const { store, close } = await freshStore(backend);
      const forever = await store.insert(message('forever'));
      const soon = await store.insert(message('soon', { expiresAt: T + 1000 }));
      const gone = await store.insert(message('gone'));
      await store.remove(gone.id, 'api token', T + 1);
      expect((await store.active(T + 999)).map((m) => m.id)).toEqual([forever.id, soon.id]);
      expect((await store.active(T + 1000)).map((m) => m.id)).toEqual([forever.id]);
      await close();
    });

    it('recent: the newest `limit` whatever their state, newest first', async () => {
      const { store, close } = await freshStore(backend);
      const ids = [];
      for (const t of ['a', 'b', 'c']) ids.push((await store.insert(message(t, { expiresAt: T }))).id);
      expect((await store.recent(2)).map((m) => m.id)).toEqual([ids[2], ids[1]]);
      expect((await store.recent(10)).map((m) => m.text)).toEqual(['c', 'b', 'a']);
      await close();
    });

    it('remove marks it once (the first time and author stay); undefined for no such message', async () => {
      const { store, close } = await freshStore(backend);
      const m = await store.insert(message('x'));
      expect(await store.remove(m.id, 'user 2 (bo@example.com)', T + 5)).toMatchObject({
        removedAt: T + 5,
        removedBy: 'user 2 (bo@example.com)',
      });
      expect(await store.remove(m.id, 'api token', T + 9)).toMatchObject({
        removedAt: T + 5,
        removedBy: 'user 2 (bo@example.com)',
      });
      expect(await store.remove(m.id + 1000, 'api token', T)).toBeUndefined();
      await close();
    });

    it('insertWithin counts the messages active at its postedAt; races through two connections stay within the cap', async () => {
      const place = await backend.newPlace();
      const one = await backend.open(place);
      const two = await backend.open(place);
      // Neither an expired message (expires_at = T is gone at T) nor a removed one takes a place.
      await one.store.insert(message('expired', { expiresAt: T }));
      const removed = await one.store.insert(message('removed'));
      await one.store.remove(removed.id, 'api token', T);
      expect(await two.store.insertWithin(message('first'), 3)).toMatchObject({
        text: 'first',
        removedAt: null,
      });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).store.insertWithin(message(`m${i}`), 3)),
      );
      expect(results.filter((m) => m !== undefined)).toHaveLength(2);
      expect(await one.store.active(T)).toHaveLength(3);
      expect(await two.store.recent(100)).toHaveLength(5); // refused posts left nothing behind
      await two.close();
      await one.close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      const m = await store.insert(message('x'));
      expect(await onAnother(backend, place, (other) => other.active(T))).toEqual([m]);
      await close();
    });
  });
}
