import type { Migration } from '../../schema/migration';

/**
 * What instances must share to keep their promises together (no SQLite twin: without DATABASE_URL
 * both live in the one process's memory, server/storage/pairingCodes.ts):
 * - pending TV pairings, so a code made on one instance is bound on another, once. Only hashes:
 *   the TV's secret (key), its code while it can still be bound (NULL once claimed), and the display
 *   token the secret derives. Times are ms since the epoch by the instances' clock.
 * - rate-limit counters (failed sign-ins, pairing guesses), in the shape rate-limiter-flexible's
 *   RateLimiterPostgres reads and writes (key, points, expire); key is text, as an address and an
 *   e-mail together may pass its default varchar(255). Expired rows are dead to the library and
 *   pruned by server/storage/postgres/attemptStores.ts.
 */
export const v8: Migration = {
  version: 8,
  description: 'pending TV pairings and rate-limit counters, shared by the instances',
  sql: `
    CREATE TABLE pairing_codes (
      secret_hash text PRIMARY KEY,
      code_hash text UNIQUE,
      token_hash text NOT NULL,
      expires_at bigint NOT NULL,
      display_id bigint,
      board_id text
    );
    CREATE INDEX pairing_codes_expires ON pairing_codes (expires_at);

    CREATE TABLE rate_limits (key text PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint);
    CREATE INDEX rate_limits_expire ON rate_limits (expire);
  `,
};
