import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Pending TV pairings (server/fleet/pairing.ts) as a store, so that with DATABASE_URL a code made on
 * one instance is bound on another and collected on a third (postgres/pairingCodes.ts); without it,
 * in this process's memory (a restart forgets them, and the TV asks for a new code).
 *
 * Only hashes are stored: of the TV's secret (the key), of its code (while it can still be bound),
 * and of the display token the secret will collect. Nothing here binds a TV or opens a board.
 * Times are the server's (the injected clock): a row is live while `expiresAt > now`, whether or not
 * it has been swept yet.
 */
export interface NewPairing {
  readonly secretHash: string;
  readonly codeHash: string;
  /** The hash of the display token the TV's secret derives (server/fleet/pairingSecret.ts). */
  readonly tokenHash: string;
  readonly expiresAt: number;
}

export type PairingPoll =
  | { readonly state: 'waiting'; readonly expiresAt: number }
  | { readonly state: 'paired'; readonly displayId: number; readonly boardId: string };

export interface PairingCodeStore {
  /** Adds a pairing unless `max` live ones exist ('full') or a live one has the same code ('taken'). */
  add(p: NewPairing, now: number, max: number): Promise<'added' | 'taken' | 'full'>;
  /**
   * Takes a live code, atomically: of any number of callers on any instances, exactly one gets the
   * pairing's token hash; the code is gone for everyone from then on.
   */
  claim(codeHash: string, now: number): Promise<{ secretHash: string; tokenHash: string } | null>;
  /** Records the display a claimed pairing was bound to, for its TV to collect. */
  bound(secretHash: string, displayId: number, boardId: string): Promise<void>;
  /** The TV's poll: still waiting, or bound (then the pairing is gone: collected once), or null. */
  poll(secretHash: string, now: number): Promise<PairingPoll | null>;
  /** Deletes expired pairings; returns the displays bound to one whose TV never collected. */
  sweep(now: number): Promise<number[]>;
}

interface Row {
  codeHash: string | null;
  readonly tokenHash: string;
  readonly expiresAt: number;
  bound: { displayId: number; boardId: string } | null;
}

export function createMemoryPairingCodes(): PairingCodeStore {
  const bySecret = new Map<string, Row>();
  const byCode = new Map<string, string>();
  const live = (r: Row | undefined, now: number): r is Row => r !== undefined && r.expiresAt > now;
  return {
    async add(p, now, max) {
      let count = 0;
      for (const r of bySecret.values()) if (r.expiresAt > now) count++;
      if (count >= max) return 'full';
      if (live(bySecret.get(byCode.get(p.codeHash) ?? ''), now)) return 'taken';
      bySecret.set(p.secretHash, {
        codeHash: p.codeHash,
        tokenHash: p.tokenHash,
        expiresAt: p.expiresAt,
        bound: null,
      });
      byCode.set(p.codeHash, p.secretHash);
      return 'added';
    },
    async claim(codeHash, now) {
      const secretHash = byCode.get(codeHash);
      const r = secretHash === undefined ? undefined : bySecret.get(secretHash);
      if (secretHash === undefined || !live(r, now) || r.codeHash !== codeHash) return null;
      byCode.delete(codeHash);
      r.codeHash = null;
      return { secretHash, tokenHash: r.tokenHash };
    },
    async bound(secretHash, displayId, boardId) {
      const r = bySecret.get(secretHash);
      if (r) r.bound = { displayId, boardId };
    },
    async poll(secretHash, now) {
      const r = bySecret.get(secretHash);
      if (!live(r, now)) return null;
      if (!r.bound) return { state: 'waiting', expiresAt: r.expiresAt };
      bySecret.delete(secretHash);
      return { state: 'paired', ...r.bound };
    },
    async sweep(now) {
      const unclaimed: number[] = [];
      for (const [secretHash, r] of bySecret)
        if (r.expiresAt <= now) {
          bySecret.delete(secretHash);
          if (r.codeHash !== null && byCode.get(r.codeHash) === secretHash) byCode.delete(r.codeHash);
          if (r.bound) unclaimed.push(r.bound.displayId);
        }
      return unclaimed;
    },
  };
}

/** A window counter of rate-limiter-flexible's (points in `duration` seconds, optionally blocking). */
export interface LimiterOptions {
  readonly keyPrefix: string;
  readonly points: number;
  readonly duration: number;
  readonly blockDuration?: number;
}

/**
 * Where rate limits that must hold for the whole deployment count (failed sign-ins, pairing
 * guesses): this process's memory, or one PostgreSQL table every instance counts in.
 */
export interface AttemptStores {
  readonly pairingCodes: PairingCodeStore;
  readonly limiter: (o: LimiterOptions) => RateLimiterAbstract;
  /** Stops any timer the stores keep (not the pool: that is the caller's). */
  stop(): void;
}

export function createMemoryAttemptStores(): AttemptStores {
  // One limiter per set of options, as one table row per key is on PostgreSQL: whoever asks for the
  // same limiter in this process counts against the same budget.
  const limiters = new Map<string, RateLimiterMemory>();
  return {
    pairingCodes: createMemoryPairingCodes(),
    limiter(o) {
      const key = JSON.stringify([o.keyPrefix, o.points, o.duration, o.blockDuration]);
      let l = limiters.get(key);
      if (!l) {
        l = new RateLimiterMemory({ ...o });
        limiters.set(key, l);
      }
      return l;
    },
    stop: () => {},
  };
}
