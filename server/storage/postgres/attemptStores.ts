import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { AttemptStores, PairingCodeStore } from '../pairingCodes';
import { num } from './rows';

/** Expired rate-limit rows are dead to the library (its upsert restarts them); deleted this often. */
const PRUNE_EVERY_MS = 5 * 60_000;

/**
 * Pending pairings on PostgreSQL (schema v8), one statement per call. The claim is an UPDATE that
 * clears the code: PostgreSQL locks the row, and a second claimer re-reads it after the first
 * commits and finds no code, so exactly one wins across instances.
 */
export function createPgPairingCodes(pool: pg.Pool): PairingCodeStore {
  return {
    async add(p, now, max) {
      // Counting and inserting in one statement; an expired pairing's code (never bound: a bound one
      // has no code) may be reused in place.
      const { rows } = await pool.query(
        `WITH live AS (SELECT count(*)::int AS n FROM pairing_codes WHERE expires_at > $5),
         ins AS (
           INSERT INTO pairing_codes (secret_hash, code_hash, token_hash, expires_at)
           SELECT $1, $2, $3, $4 FROM live WHERE live.n < $6
           ON CONFLICT (code_hash) DO UPDATE SET secret_hash = EXCLUDED.secret_hash,
             token_hash = EXCLUDED.token_hash, expires_at = EXCLUDED.expires_at, display_id = NULL, board_id = NULL
             WHERE pairing_codes.expires_at <= $5
           RETURNING 1)
         SELECT (SELECT n FROM live) AS live, (SELECT count(*)::int FROM ins) AS added`,
        [p.secretHash, p.codeHash, p.tokenHash, p.expiresAt, now, max],
      );
      const r = rows[0] as { live: number; added: number };
      return r.added > 0 ? 'added' : r.live >= max ? 'full' : 'taken';
    },
    async claim(codeHash, now) {
      const { rows } = await pool.query(
        'UPDATE pairing_codes SET code_hash = NULL WHERE code_hash = $1 AND expires_at > $2 RETURNING secret_hash, token_hash',
        [codeHash, now],
      );
      const r = rows[0] as { secret_hash: string; token_hash: string } | undefined;
      return r ? { secretHash: r.secret_hash, tokenHash: r.token_hash } : null;
    },
    async bound(secretHash, displayId, boardId) {
      await pool.query('UPDATE pairing_codes SET display_id = $2, board_id = $3 WHERE secret_hash = $1', [
        secretHash,
        displayId,
        boardId,
      ]);
    },
    async poll(secretHash, now) {
      // The outer SELECT sees the row as it was before the CTE deleted it (one snapshot per
      // statement): a bound pairing is collected and reported in one round trip.
      const { rows } = await pool.query(
        `WITH taken AS (
           DELETE FROM pairing_codes WHERE secret_hash = $1 AND expires_at > $2 AND display_id IS NOT NULL
           RETURNING display_id, board_id)
         SELECT p.expires_at, t.display_id, t.board_id FROM pairing_codes p LEFT JOIN taken t ON true
         WHERE p.secret_hash = $1 AND p.expires_at > $2`,
        [secretHash, now],
      );
      const r = rows[0] as Record<string, unknown> | undefined;
      if (!r) return null;
      return r.display_id === null
        ? { state: 'waiting', expiresAt: num(r.expires_at) }
        : { state: 'paired', displayId: num(r.display_id), boardId: r.board_id as string };
    },
    async sweep(now) {
      const { rows } = await pool.query(
        'DELETE FROM pairing_codes WHERE expires_at <= $1 RETURNING display_id',
        [now],
      );
      return rows.filter((r) => r.display_id !== null).map((r) => num(r.display_id));
    },
  };
}

/**
 * Rate limits every instance counts in: rate-limiter-flexible's RateLimiterPostgres on one table
 * (v6 creates it; the key prefix tells the limiters apart). Each consume is one upsert that returns
 * the window's count, each check one indexed read. Its windows run on the instance's clock
 * (Date.now), as the in-memory limiter's do; instances are NTP-synced, and a window of minutes
 * does not mind milliseconds. Expired rows are pruned on a timer here rather than the library's
 * own (which could not be stopped).
 */
export function createPgAttemptStores(pool: pg.Pool): AttemptStores {
  const prune = setInterval(() => {
    // The library's own clock, which wrote the expiry.
    pool.query('DELETE FROM rate_limits WHERE expire < $1', [Date.now()]).catch(() => {
      // Pruning is housekeeping: a failed round is retried on the next.
    });
  }, PRUNE_EVERY_MS);
  prune.unref();
  return {
    pairingCodes: createPgPairingCodes(pool),
    limiter: (l) =>
      new RateLimiterPostgres({
        ...l,
        storeClient: pool,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true,
        clearExpiredByTimeout: false,
      }),
    stop: () => clearInterval(prune),
  };
}
