import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import type { LimiterOptions } from '../storage/pairingCodes';

/**
 * Failed logins (and wrong current passwords on a password change), counted per address and email
 * against guessing one account's password, and per address alone against trying many accounts. A
 * success clears that address+email's count. Counted where `limiter` counts: this process's memory
 * (a restart forgives; acceptable for a login form whose passwords are scrypt-hashed) or, with
 * DATABASE_URL, one PostgreSQL table every instance counts in, so N instances behind a load balancer
 * allow no more tries than one (server/storage/postgres/attemptStores.ts). The library keeps its own
 * clock, so windows are real time.
 */
export interface LoginLimits {
  readonly perAccount: number;
  readonly perAddress: number;
  readonly windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perAddress: 30, windowSeconds: 15 * 60 };

export interface LoginLimiter {
  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfter(ip: string, email: string): Promise<number>;
  failed(ip: string, email: string): Promise<void>;
  succeeded(ip: string, email: string): Promise<void>;
}

export function createLoginLimiter(
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  limiter: (o: LimiterOptions) => RateLimiterAbstract = (o) => new RateLimiterMemory({ ...o }),
): LoginLimiter {
  const account = limiter({
    keyPrefix: 'login-account',
    points: limits.perAccount,
    duration: limits.windowSeconds,
  });
  const address = limiter({
    keyPrefix: 'login-address',
    points: limits.perAddress,
    duration: limits.windowSeconds,
  });
  const accountKey = (ip: string, email: string) => `${ip}|${email.trim().toLowerCase()}`;

  return {
    async retryAfter(ip, email) {
      const [a, b] = await Promise.all([account.get(accountKey(ip, email)), address.get(ip)]);
      const waits = [
        a && a.consumedPoints >= limits.perAccount ? a.msBeforeNext : 0,
        b && b.consumedPoints >= limits.perAddress ? b.msBeforeNext : 0,
      ];
      const ms = Math.max(...waits);
      return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
    },
    async failed(ip, email) {
      await Promise.all([account.penalty(accountKey(ip, email), 1), address.penalty(ip, 1)]);
    },
    async succeeded(ip, email) {
      await account.delete(accountKey(ip, email));
    },
  };
}
