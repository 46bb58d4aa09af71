import { describe, expect, it } from 'vitest';
import type { DeadLetterCaps, DeadLetterInput, DeadLetters } from '../types';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * DeadLetters' promises (../types.ts) as one suite any backend runs: SQLite (../deadLetters.test.ts)
 * and, when it exists, PostgreSQL. `backendWith(caps)` opens stores with those caps (called while the
 * suite is collected). Pinned: a letter comes back whole (headers as an object, nulls for not
 * replayed), lists newest first with each filter, ids never reused, caps per source by count and by
 * bytes (body + headers JSON + url, UTF-8), and the dropped count survives a reconnect.
 */
export function deadLetter(n: number, source = 'portsip'): DeadLetterInput {
  return {
    source,
    kind: 'portsip-webhook',
    receivedAt: 1_773_129_600_000 + n,
    status: 400,
    reason: `invalid JSON at position ${n}`,
    method: 'POST',
    url: '/webhooks/portsip?token=[secret]',
    headers: { 'content-type': 'application/json', authorization: '[secret]' },
    contentType: 'application/json',
    body: `{"n":${n}`,
  };
}

export function describeDeadLettersContract(
  name: string,
  backendWith: (caps?: DeadLetterCaps) => StoreBackend<DeadLetters>,
): void {
  const plain = backendWith();
  const fiveEach = backendWith({ letters: 5, bytes: 1024 * 1024 });
  const oneMiB = backendWith({ letters: 1000, bytes: 1024 * 1024 });

  describe(`DeadLetters contract (${name})`, () => {
    it('are stored whole and read back by id, also by another connection', async () => {
      const place = await plain.newPlace();
      const { store, close } = await plain.open(place);
      const weird = {
        ...deadLetter(1),
        body: 'ünïcode “body” 📞\u0000?',
        headers: { 'x-a': 'b', 'x-empty': '' },
      };
      const id = await store.add(weird);
      const whole = { ...weird, id, replayedAt: null, replayResult: null };
      expect(await store.get(id)).toEqual(whole);
      expect(await store.get(id + 1)).toBeUndefined();
      expect(await onAnother(plain, place, (other) => other.get(id))).toEqual(whole);
      await close();
    });

    it('list newest first, with limit, beforeId and source filters', async () => {
      const { store, close } = await freshStore(plain);
      const ids: number[] = [];
      for (const n of [1, 2, 3, 4, 5, 6]) ids.push(await store.add(deadLetter(n, n % 2 ? '3cx' : 'portsip')));
      const list = async (o?: Parameters<DeadLetters['list']>[0]) => (await store.list(o)).map((l) => l.id);
      expect(await list()).toEqual([...ids].reverse());
      expect(await list({ limit: 2 })).toEqual([ids[5], ids[4]]);
      expect(await list({ beforeId: ids[3] as number, limit: 2 })).toEqual([ids[2], ids[1]]);
      expect(await list({ source: '3cx' })).toEqual([ids[4], ids[2], ids[0]]);
      expect(await list({ source: '3cx', beforeId: ids[4] as number, limit: 1 })).toEqual([ids[2]]);
      expect(await list({ source: 'nobody' })).toEqual([]);
      expect(await list({ limit: 0 })).toHaveLength(1); // clamped to at least one
      await close();
    });

    it('record a replay; marking a letter that is gone is no error', async () => {
      const { store, close } = await freshStore(plain);
      const id = await store.add(deadLetter(1));
      await store.markReplayed(id, 1_773_130_000_000, 'accepted 2 events');
      expect(await store.get(id)).toMatchObject({
        replayedAt: 1_773_130_000_000,
        replayResult: 'accepted 2 events',
      });
      await store.markReplayed(id + 100, 1, 'gone');
      expect(await store.add(deadLetter(2))).toBeGreaterThan(id);
      await close();
    });

    it('capped by count per source: the newest kept, the oldest dropped and counted, across a reconnect', async () => {
      const place = await fiveEach.newPlace();
      const { store, close } = await fiveEach.open(place);
      const added: number[] = [];
      for (let n = 0; n < 12; n++) added.push(await store.add(deadLetter(n, '3cx')));
      const other = await store.add(deadLetter(99, 'portsip'));
      const ids = async (s: DeadLetters, source: string) =>
        (await s.list({ source, limit: 1000 })).map((l) => l.id);
      expect(await ids(store, '3cx')).toEqual(added.slice(-5).reverse());
      expect(await store.dropped('3cx')).toBe(7);
      expect(await ids(store, 'portsip')).toEqual([other]);
      expect(await store.dropped('portsip')).toBe(0);
      expect(await store.dropped('nobody')).toBe(0);
      expect(await store.dropped()).toBe(7);
      await close();
      await onAnother(fiveEach, place, async (again) => {
        expect(await again.dropped('3cx')).toBe(7);
        await again.add(deadLetter(12, '3cx'));
        expect(await again.dropped('3cx')).toBe(8);
        expect(await ids(again, '3cx')).toHaveLength(5);
      });
    });

    it('capped by bytes (body, headers and url): 100 bodies of 64 KiB stay under 1 MiB, as many as fit', async () => {
      const { store, close } = await freshStore(oneMiB);
      const big = (n: number): DeadLetterInput => ({
        ...deadLetter(n, '3cx'),
        body: `${n}`.padEnd(64 * 1024, 'é'),
      });
      const added: number[] = [];
      for (let n = 0; n < 100; n++) added.push(await store.add(big(n)));
      const kept = await store.list({ source: '3cx', limit: 1000 });
      const size = (l: DeadLetterInput) =>
        Buffer.byteLength(l.body) + Buffer.byteLength(JSON.stringify(l.headers)) + Buffer.byteLength(l.url);
      const total = kept.reduce((sum, l) => sum + size(l), 0);
      expect(total).toBeLessThanOrEqual(1024 * 1024);
      expect(total + size(big(0))).toBeGreaterThan(1024 * 1024);
      expect(kept.map((l) => l.id)).toEqual(added.slice(-kept.length).reverse());
      expect(await store.dropped('3cx')).toBe(100 - kept.length);
      await close();
    });
  });
}
