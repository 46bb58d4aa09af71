import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import { hashToken } from '../auth/tokens';
import { type AttemptStores, createMemoryAttemptStores } from '../storage/pairingCodes';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  codeHashOf,
  codeOf,
  displayTokenOf,
  newPairingSecret,
} from './pairingSecret';

export { CODE_ALPHABET, CODE_LENGTH };

/**
 * Pairing a TV by code (issue #18). The TV asks for a pairing and gets a short code, to show, and a
 * secret, to keep: the code is what an admin types, the secret is what later collects the display
 * token. Binding by code needs an admin; collecting needs the secret, which only the TV ever held.
 * So a code seen over a shoulder or guessed gives nothing: at worst it binds someone else's pending
 * TV to a board, which the admin sees in Settings → Displays.
 *
 * The code and the token are derived from the secret (pairingSecret.ts); the store keeps hashes
 * (server/storage/pairingCodes.ts), in memory or, with DATABASE_URL, in PostgreSQL for every
 * instance: a code made on one is bound on another, once (the store's claim is atomic), and the TV
 * collects on any. Codes are single-use and gone CODE_TTL_MS after they were made, by this server's
 * clock. Guesses at binding are rate-limited per address and across all addresses (a global budget a
 * distributed guesser shares), counted where the store counts (so N instances do not allow N times
 * the guesses), checked before the code is looked up, so a refused guess learns nothing. Pending
 * pairings are capped globally and per address. The TV's polls are paced per instance: that limit
 * protects this process's work, not a secret.
 */
export const CODE_TTL_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 30_000;

export interface PairingLimits {
  /** Wrong codes per address in `windowSeconds`, then refused until the window ends. */
  readonly guessesPerAddress: number;
  /** Wrong codes from all addresses together in `windowSeconds`. */
  readonly guessesGlobal: number;
  /** New pairings per address in `windowSeconds` (a TV makes one per 10 minutes). */
  readonly createsPerAddress: number;
  /** Collect polls per address per minute (a TV polls every 2 s). */
  readonly pollsPerAddressPerMinute: number;
  readonly maxPending: number;
  readonly windowSeconds: number;
}

export const DEFAULT_PAIRING_LIMITS: PairingLimits = {
  guessesPerAddress: 10,
  guessesGlobal: 100,
  createsPerAddress: 30,
  pollsPerAddressPerMinute: 90,
  maxPending: 500,
  windowSeconds: 15 * 60,
};

/** What a bound pairing hands the TV, once. */
export interface Bound {
  readonly displayId: number;
  readonly token: string;
  readonly kioskPath: string;
}

/** "abc-def", " ABCDEF " → "ABCDEF"; anything outside the alphabet stays and simply matches nothing. */
export const normalizeCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

export const kioskPathOf = (boardId: string, token: string) =>
  `/kiosk/${encodeURIComponent(boardId)}?token=${encodeURIComponent(token)}`;

export type BindResult =
  | {
      ok: true;
      /** The hash of the token the TV will collect: the new display's. */
      tokenHash: string;
      /** The display made for it, for the TV to collect. */
      bound: (displayId: number, boardId: string) => Promise<void>;
    }
  | { ok: false; status: 404 | 429; error: string; retryAfterSeconds?: number };

export function createPairings(o: {
  readonly now: () => number;
  readonly limits?: Partial<PairingLimits>;
  /** Where codes and guess counts are kept (default: this process's memory). */
  readonly stores?: AttemptStores;
  /** A bound pairing whose TV never collected its token: the display is revoked (nobody holds its token). */
  readonly onUnclaimed: (displayId: number) => void;
}) {
  const limits = { ...DEFAULT_PAIRING_LIMITS, ...o.limits };
  const stores = o.stores ?? createMemoryAttemptStores();
  const store = stores.pairingCodes;
  const limiter = (keyPrefix: string, points: number) =>
    stores.limiter({ keyPrefix, points, duration: limits.windowSeconds });
  const guessesByAddress = limiter('pair-guess-address', limits.guessesPerAddress);
  const guessesAll = limiter('pair-guess-global', limits.guessesGlobal);
  const creates = limiter('pair-create', limits.createsPerAddress);
  const polls = new RateLimiterMemory({
    keyPrefix: 'pair-poll',
    points: limits.pollsPerAddressPerMinute,
    duration: 60,
  });

  async function sweep(): Promise<void> {
    for (const displayId of await store.sweep(o.now())) o.onUnclaimed(displayId);
  }
  // A failed sweep (the database away a moment) is retried on the next tick; rows expire on read anyway.
  const timer = setInterval(() => void sweep().catch(() => {}), SWEEP_EVERY_MS);
  timer.unref();

  /** Seconds to wait when `limiter` has no point left for `key`, else 0 (nothing consumed). */
  async function waitFor(l: RateLimiterAbstract, key: string, points: number): Promise<number> {
    const r = await l.get(key);
    return r && r.consumedPoints >= points ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 0;
  }
  const take = (l: RateLimiterAbstract, key: string) =>
    l.consume(key).then(
      () => 0,
      (r: unknown) => {
        // A rejection is either "no points left" (a RateLimiterRes) or the store failing: rethrown.
        if (r instanceof Error) throw r;
        return Math.max(1, Math.ceil(((r as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000));
      },
    );

  return {
    /** A TV's new pairing, or how long to wait. */
    async create(
      address: string,
    ): Promise<
      | { ok: true; code: string; secret: string; expiresAt: number }
      | { ok: false; retryAfterSeconds: number; error: string }
    > {
      await sweep();
      const wait = await take(creates, address);
      if (wait > 0)
        return { ok: false, retryAfterSeconds: wait, error: 'too many pairing codes from this address' };
      const now = o.now();
      const expiresAt = now + CODE_TTL_MS;
      // A live pairing with the same code is one in ~1.8 million at 500 pending: a few tries suffice.
      for (let attempt = 0; attempt < 5; attempt++) {
        const secret = newPairingSecret();
        const code = codeOf(secret);
        const added = await store.add(
          {
            secretHash: hashToken(secret),
            codeHash: codeHashOf(code),
            tokenHash: hashToken(displayTokenOf(secret)),
            expiresAt,
          },
          now,
          limits.maxPending,
        );
        if (added === 'added') return { ok: true, code, secret, expiresAt };
        if (added === 'full')
          return {
            ok: false,
            retryAfterSeconds: 60,
            error: 'too many pairings waiting; try again in a minute',
          };
        // 'taken': another live pairing shows this code; a new secret gives a new one.
      }
      return { ok: false, retryAfterSeconds: 1, error: 'no free pairing code; try again' };
    },

    /** An admin's code: refused while its address or everyone has guessed wrong too often. */
    async bind(address: string, code: string): Promise<BindResult> {
      const wait = Math.max(
        ...(await Promise.all([
          waitFor(guessesByAddress, address, limits.guessesPerAddress),
          waitFor(guessesAll, 'all', limits.guessesGlobal),
        ])),
      );
      if (wait > 0)
        return {
          ok: false,
          status: 429,
          error: 'too many wrong pairing codes; wait and try again',
          retryAfterSeconds: wait,
        };
      // Single use: the claim takes the code away for everyone before the display is made.
      const claimed = await store.claim(codeHashOf(normalizeCode(code)), o.now());
      if (!claimed) {
        await Promise.all([take(guessesByAddress, address), take(guessesAll, 'all')]);
        return { ok: false, status: 404, error: 'no TV is waiting with this code (wrong, used or expired)' };
      }
      return {
        ok: true,
        tokenHash: claimed.tokenHash,
        bound: (displayId, boardId) => store.bound(claimed.secretHash, displayId, boardId),
      };
    },

    /** The TV's poll, by its secret: still waiting, the token (once), or nothing (unknown or expired). */
    async collect(
      address: string,
      secret: string,
    ): Promise<
      | { status: 'pending'; code: string; expiresAt: number }
      | { status: 'paired'; bound: Bound }
      | { status: 'unknown' }
      | { status: 'throttled'; retryAfterSeconds: number }
    > {
      const wait = await take(polls, address);
      if (wait > 0) return { status: 'throttled', retryAfterSeconds: wait };
      const p = await store.poll(hashToken(secret), o.now());
      if (!p) return { status: 'unknown' };
      if (p.state === 'waiting') return { status: 'pending', code: codeOf(secret), expiresAt: p.expiresAt };
      const token = displayTokenOf(secret);
      return {
        status: 'paired',
        bound: { displayId: p.displayId, token, kioskPath: kioskPathOf(p.boardId, token) },
      };
    },

    stop(): void {
      clearInterval(timer);
    },
  };
}

export type Pairings = ReturnType<typeof createPairings>;
