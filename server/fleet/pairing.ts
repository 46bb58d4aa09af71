import { randomInt } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { hashToken, newToken } from '../auth/tokens';

/**
 * Pairing a TV by code (issue #18). The TV asks for a pairing and gets a short code, to show, and a
 * secret, to keep: the code is what an admin types, the secret is what later collects the display
 * token. Binding by code needs an admin; collecting needs the secret, which only the TV ever held
 * (only its hash is kept here). So a code seen over a shoulder or guessed gives nothing: at worst it
 * binds someone else's pending TV to a board, which the admin sees in Settings → Displays.
 *
 * Codes: CODE_LENGTH characters of an alphabet without look-alikes (no 0/O, 1/I/L), single-use,
 * gone CODE_TTL_MS after they were made. A pending pairing lives in memory only: a restart forgets
 * it, and the TV's page asks for a new code. Guesses at binding are rate-limited per address and
 * across all addresses (a global budget a distributed guesser shares), checked before the code is
 * looked up, so a refused guess learns nothing. Pending pairings are capped globally and per address.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60_000;

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

interface Pending {
  readonly code: string;
  readonly secretHash: string;
  readonly expiresAt: number;
  bound: Bound | null;
}

/** "abc-def", " ABCDEF " → "ABCDEF"; anything outside the alphabet stays and simply matches nothing. */
export const normalizeCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

export type BindResult =
  | { ok: true; bind: (b: Bound) => void }
  | { ok: false; status: 404 | 429; error: string; retryAfterSeconds?: number };

export function createPairings(o: {
  readonly now: () => number;
  readonly limits?: Partial<PairingLimits>;
  /** A bound pairing whose TV never collected its token: the display is revoked (nobody holds its token). */
  readonly onUnclaimed: (displayId: number) => void;
}) {
  const limits = { ...DEFAULT_PAIRING_LIMITS, ...o.limits };
  const byCode = new Map<string, Pending>();
  const bySecret = new Map<string, Pending>();
  const limiter = (keyPrefix: string, points: number, duration = limits.windowSeconds) =>
    new RateLimiterMemory({ keyPrefix, points, duration });
  const guessesByAddress = limiter('pair-guess-address', limits.guessesPerAddress);
  const guessesAll = limiter('pair-guess-global', limits.guessesGlobal);
  const creates = limiter('pair-create', limits.createsPerAddress);
  const polls = limiter('pair-poll', limits.pollsPerAddressPerMinute, 60);

  function forget(p: Pending): void {
    byCode.delete(p.code);
    bySecret.delete(p.secretHash);
  }
  function sweep(): void {
    const now = o.now();
    for (const p of bySecret.values())
      if (p.expiresAt <= now) {
        forget(p);
        if (p.bound) o.onUnclaimed(p.bound.displayId);
      }
  }
  const timer = setInterval(sweep, 30_000);
  timer.unref();

  /** Seconds to wait when `limiter` has no point left for `key`, else 0 (nothing consumed). */
  async function waitFor(l: RateLimiterMemory, key: string, points: number): Promise<number> {
    const r = await l.get(key);
    return r && r.consumedPoints >= points ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 0;
  }
  const take = (l: RateLimiterMemory, key: string) =>
    l.consume(key).then(
      () => 0,
      (r: { msBeforeNext?: number }) => Math.max(1, Math.ceil((r.msBeforeNext ?? 1000) / 1000)),
    );

  function newCode(): string {
    for (;;) {
      let code = '';
      for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
      if (!byCode.has(code)) return code;
    }
  }

  return {
    /** A TV's new pairing, or how long to wait. */
    async create(
      address: string,
    ): Promise<
      | { ok: true; code: string; secret: string; expiresAt: number }
      | { ok: false; retryAfterSeconds: number; error: string }
    > {
      sweep();
      const wait = await take(creates, address);
      if (wait > 0)
        return { ok: false, retryAfterSeconds: wait, error: 'too many pairing codes from this address' };
      if (bySecret.size >= limits.maxPending)
        return {
          ok: false,
          retryAfterSeconds: 60,
          error: 'too many pairings waiting; try again in a minute',
        };
      const secret = newToken('cbp_');
      const p: Pending = {
        code: newCode(),
        secretHash: hashToken(secret),
        expiresAt: o.now() + CODE_TTL_MS,
        bound: null,
      };
      byCode.set(p.code, p);
      bySecret.set(p.secretHash, p);
      return { ok: true, code: p.code, secret, expiresAt: p.expiresAt };
    },

    /** An admin's code: refused while its address or everyone has guessed wrong too often. */
    async bind(address: string, code: string): Promise<BindResult> {
      sweep();
      const wait = Math.max(
        await waitFor(guessesByAddress, address, limits.guessesPerAddress),
        await waitFor(guessesAll, 'all', limits.guessesGlobal),
      );
      if (wait > 0)
        return {
          ok: false,
          status: 429,
          error: 'too many wrong pairing codes; wait and try again',
          retryAfterSeconds: wait,
        };
      const p = byCode.get(normalizeCode(code));
      if (!p || p.bound) {
        await Promise.all([take(guessesByAddress, address), take(guessesAll, 'all')]);
        return { ok: false, status: 404, error: 'no TV is waiting with this code (wrong, used or expired)' };
      }
      return {
        ok: true,
        bind: (b) => {
          // Single use: the code is gone at once; the secret collects the token until the code's expiry.
          byCode.delete(p.code);
          p.bound = b;
        },
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
      sweep();
      const p = bySecret.get(hashToken(secret));
      if (!p) return { status: 'unknown' };
      if (!p.bound) return { status: 'pending', code: p.code, expiresAt: p.expiresAt };
      forget(p);
      return { status: 'paired', bound: p.bound };
    },

    pending: () => bySecret.size,
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type Pairings = ReturnType<typeof createPairings>;
