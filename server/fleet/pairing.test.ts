import { describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens';
import { createMemoryAttemptStores, type NewPairing } from '../storage/pairingCodes';
import { CODE_TTL_MS, createPairings, normalizeCode } from './pairing';

describe('pairings', () => {
  it('a code expires 10 minutes after it was made', async () => {
    let now = 1_000_000;
    const p = createPairings({ now: () => now, onUnclaimed: () => {} });
    const tv = await p.create('a');
    if (!tv.ok) throw new Error('refused');
    expect(tv.expiresAt).toBe(now + CODE_TTL_MS);
    now += CODE_TTL_MS - 1;
    expect((await p.collect('a', tv.secret)).status).toBe('pending');
    now += 1;
    expect((await p.bind('b', tv.code)).ok).toBe(false);
    expect((await p.collect('a', tv.secret)).status).toBe('unknown');
    p.stop();
  });

  it('a bound pairing whose TV never collects is revoked at expiry', async () => {
    let now = 0;
    const revoked: number[] = [];
    const p = createPairings({ now: () => now, onUnclaimed: (id) => revoked.push(id) });
    const tv = await p.create('a');
    if (!tv.ok) throw new Error('refused');
    const found = await p.bind('b', tv.code);
    if (!found.ok) throw new Error('not found');
    await found.bound(7, 'sales');
    expect((await p.bind('b', tv.code)).ok).toBe(false); // single use
    now += CODE_TTL_MS;
    await p.create('c'); // any call sweeps
    expect(revoked).toEqual([7]);
    expect((await p.collect('a', tv.secret)).status).toBe('unknown');
    p.stop();
  });

  it('caps pending pairings globally', async () => {
    const p = createPairings({ now: () => 0, onUnclaimed: () => {}, limits: { maxPending: 3 } });
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await p.create(`addr${i}`));
    expect(made.map((m) => m.ok)).toEqual([true, true, true, false]);
    p.stop();
  });

  it('reads codes as people type them', () => {
    expect(normalizeCode(' abc-d2f ')).toBe('ABCD2F');
  });

  it('stores hashes only; the TV collects the token whose hash the display was made with', async () => {
    const memory = createMemoryAttemptStores();
    const stored: NewPairing[] = [];
    const stores = {
      ...memory,
      pairingCodes: {
        ...memory.pairingCodes,
        add: (p: NewPairing, now: number, max: number) => {
          stored.push(p);
          return memory.pairingCodes.add(p, now, max);
        },
      },
    };
    const p = createPairings({ now: () => 0, stores, onUnclaimed: () => {} });
    const tv = await p.create('a');
    if (!tv.ok) throw new Error('refused');
    const found = await p.bind('b', tv.code);
    if (!found.ok) throw new Error('not found');
    await found.bound(9, 'sales');
    const got = await p.collect('a', tv.secret);
    if (got.status !== 'paired') throw new Error(got.status);
    expect(got.bound.kioskPath).toBe(`/kiosk/sales?token=${encodeURIComponent(got.bound.token)}`);
    expect(found.tokenHash).toBe(hashToken(got.bound.token));
    const kept = JSON.stringify(stored);
    for (const secret of [tv.secret, tv.code, got.bound.token]) expect(kept).not.toContain(secret);
    p.stop();
  });

  it('a code another live pairing shows is made again from a new secret, a bounded number of times', async () => {
    const memory = createMemoryAttemptStores();
    let taken = 0;
    const busy = (refusals: number) => ({
      ...memory,
      pairingCodes: {
        ...memory.pairingCodes,
        add: (p: NewPairing, now: number, max: number) =>
          taken++ < refusals ? Promise.resolve('taken' as const) : memory.pairingCodes.add(p, now, max),
      },
    });
    const p = createPairings({ now: () => 0, stores: busy(2), onUnclaimed: () => {} });
    expect((await p.create('a')).ok).toBe(true);
    expect(taken).toBe(3);
    p.stop();
    taken = 0;
    const q = createPairings({ now: () => 0, stores: busy(Number.POSITIVE_INFINITY), onUnclaimed: () => {} });
    expect(await q.create('a')).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    expect(taken).toBe(5);
    q.stop();
  });
});
