import { describe, expect, it } from 'vitest';
import type { AttemptStores, NewPairing } from '../pairingCodes';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * AttemptStores' promises (../pairingCodes.ts) as one suite both backends run: memory
 * (../pairingCodes.test.ts) and PostgreSQL (../postgres/attemptStores.pg.test.ts). Every promise is
 * checked through a second opening too, as a second instance would see it. Pinned: a code is live
 * while expiresAt > now and claimed once, by exactly one of concurrent claimers; a bound pairing is
 * collected once; a sweep reports a bound, uncollected pairing once; live pairings are capped;
 * rate-limit counts add up across openings and end with their window.
 */
const T = 1_773_219_600_000;
const TTL = 600_000;
const pairing = (n: number, over: Partial<NewPairing> = {}): NewPairing => ({
  secretHash: `secret-${n}`,
  codeHash: `code-${n}`,
  tokenHash: `token-${n}`,
  expiresAt: T + TTL,
  ...over,
});

export function describeAttemptStoresContract(name: string, backend: StoreBackend<AttemptStores>): void {
  describe(`AttemptStores contract (${name})`, () => {
    it('a pairing added on one opening waits, and is claimed there, by its code, on another', async () => {
      const place = await backend.newPlace();
      const a = await backend.open(place);
      expect(await a.store.pairingCodes.add(pairing(1), T, 10)).toBe('added');
      await onAnother(backend, place, async (b) => {
        expect(await b.pairingCodes.poll('secret-1', T)).toEqual({ state: 'waiting', expiresAt: T + TTL });
        expect(await b.pairingCodes.claim('code-1', T + 1)).toEqual({
          secretHash: 'secret-1',
          tokenHash: 'token-1',
        });
      });
      expect(await a.store.pairingCodes.claim('code-1', T + 2)).toBeNull();
      expect(await a.store.pairingCodes.claim('code-2', T + 2)).toBeNull();
      // Claimed, not bound yet: the TV still waits.
      expect(await a.store.pairingCodes.poll('secret-1', T + 3)).toEqual({
        state: 'waiting',
        expiresAt: T + TTL,
      });
      await a.close();
    });

    it('of concurrent claims of one code on two openings, exactly one wins', async () => {
      const place = await backend.newPlace();
      const a = await backend.open(place);
      const b = await backend.open(place);
      for (let n = 0; n < 10; n++) await a.store.pairingCodes.add(pairing(n), T, 100);
      for (let n = 0; n < 10; n++) {
        const got = await Promise.all([
          a.store.pairingCodes.claim(`code-${n}`, T),
          b.store.pairingCodes.claim(`code-${n}`, T),
          b.store.pairingCodes.claim(`code-${n}`, T),
        ]);
        expect(got.filter((g) => g !== null)).toEqual([
          { secretHash: `secret-${n}`, tokenHash: `token-${n}` },
        ]);
      }
      await a.close();
      await b.close();
    });

    it('a bound pairing is collected once, on any opening', async () => {
      const place = await backend.newPlace();
      const a = await backend.open(place);
      await a.store.pairingCodes.add(pairing(1), T, 10);
      const claimed = await a.store.pairingCodes.claim('code-1', T);
      if (!claimed) throw new Error('not claimed');
      await a.store.pairingCodes.bound(claimed.secretHash, 42, 'sales');
      await onAnother(backend, place, async (b) => {
        expect(await b.pairingCodes.poll('secret-1', T + 5)).toEqual({
          state: 'paired',
          displayId: 42,
          boardId: 'sales',
        });
      });
      expect(await a.store.pairingCodes.poll('secret-1', T + 6)).toBeNull();
      expect(await a.store.pairingCodes.sweep(T + TTL + 1)).toEqual([]);
      await a.close();
    });

    it('expiry by the given clock: live while expiresAt > now; a sweep reports bound, uncollected ones once', async () => {
      const { store, close } = await freshStore(backend);
      const codes = store.pairingCodes;
      await codes.add(pairing(1), T, 10);
      await codes.add(pairing(2), T, 10);
      await codes.add(pairing(3, { expiresAt: T + 2 * TTL }), T, 10);
      const c2 = await codes.claim('code-2', T);
      if (!c2) throw new Error('not claimed');
      await codes.bound(c2.secretHash, 7, 'sales');
      expect(await codes.poll('secret-1', T + TTL - 1)).toEqual({ state: 'waiting', expiresAt: T + TTL });
      expect(await codes.poll('secret-1', T + TTL)).toBeNull();
      expect(await codes.claim('code-1', T + TTL)).toBeNull();
      expect(await codes.poll('secret-2', T + TTL)).toBeNull();
      expect(await codes.sweep(T + TTL)).toEqual([7]);
      expect(await codes.sweep(T + TTL)).toEqual([]);
      expect(await codes.poll('secret-3', T + TTL)).toEqual({ state: 'waiting', expiresAt: T + 2 * TTL });
      await close();
    });

    it("a live code is 'taken', an expired one's code may be reused; live pairings are capped ('full')", async () => {
      const { store, close } = await freshStore(backend);
      const codes = store.pairingCodes;
      expect(await codes.add(pairing(1), T, 2)).toBe('added');
      expect(await codes.add(pairing(2, { codeHash: 'code-1' }), T, 2)).toBe('taken');
      expect(await codes.add(pairing(3), T, 2)).toBe('added');
      expect(await codes.add(pairing(4), T, 2)).toBe('full');
      // At expiry, both are dead: neither counted nor holding their codes (even unswept).
      expect(await codes.add(pairing(5, { codeHash: 'code-1', expiresAt: T + 2 * TTL }), T + TTL, 2)).toBe(
        'added',
      );
      expect(await codes.poll('secret-5', T + TTL)).toEqual({ state: 'waiting', expiresAt: T + 2 * TTL });
      expect(await codes.claim('code-1', T + TTL)).toEqual({ secretHash: 'secret-5', tokenHash: 'token-5' });
      expect(await codes.poll('secret-1', T + TTL)).toBeNull();
      await close();
    });

    it('a limiter counts points consumed on every opening against one budget, per key and prefix', async () => {
      const place = await backend.newPlace();
      const a = await backend.open(place);
      const b = await backend.open(place);
      const opts = { keyPrefix: 'test-guess', points: 4, duration: 60 };
      const onA = a.store.limiter(opts);
      const onB = b.store.limiter(opts);
      const other = b.store.limiter({ ...opts, keyPrefix: 'test-other' });
      const outcomes: boolean[] = [];
      for (const l of [onA, onB, onA, onB, onA, onB])
        outcomes.push(
          await l.consume('192.0.2.1').then(
            () => true,
            () => false,
          ),
        );
      expect(outcomes).toEqual([true, true, true, true, false, false]);
      expect((await onA.get('192.0.2.1'))?.consumedPoints).toBe(6);
      expect(await onB.get('192.0.2.2')).toBeNull();
      expect(await other.get('192.0.2.1')).toBeNull();
      await onB.penalty('192.0.2.3', 3);
      expect((await onA.get('192.0.2.3'))?.consumedPoints).toBe(3);
      await onA.delete('192.0.2.1');
      expect(await onB.get('192.0.2.1')).toBeNull();
      await a.close();
      await b.close();
    });

    it('a count ends with its window', async () => {
      const { store, close } = await freshStore(backend);
      const l = store.limiter({ keyPrefix: 'test-window', points: 1, duration: 1 });
      await l.consume('k');
      await expect(l.consume('k')).rejects.toMatchObject({ consumedPoints: 2 });
      await new Promise((r) => setTimeout(r, 1100));
      expect(await l.get('k')).toBeNull();
      await expect(l.consume('k')).resolves.toMatchObject({ consumedPoints: 1 });
      await close();
    });
  });
}
