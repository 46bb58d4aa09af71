import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Failed `/wallboard` handshakes, counted per client address in memory like failed logins
 * (server/auth/loginLimiter.ts): past `failures` within `windowSeconds`, that address is refused
 * every handshake for `blockSeconds`, even one with a correct token, so guessing from one address
 * stops paying. Another address is never affected, whatever this one does. A socket the server had
 * to drop (it stopped reading, or flooded) counts as DROP_WEIGHT failures: a client that reconnects
 * to abuse again (each connection costs the server a snapshot) is soon refused too. The library keeps
 * its own clock, so windows are real time. With DATABASE_URL it stays each instance's own, unlike
 * the login limit: it guards this instance's work (a snapshot per connection), and a shared counter
 * would make each failed handshake a database write (docs/decisions.md, "Shared attempt limits").
 */
export interface HandshakeLimits {
  readonly failures: number;
  readonly windowSeconds: number;
  readonly blockSeconds: number;
}

export const DROP_WEIGHT = 5;

export const DEFAULT_HANDSHAKE_LIMITS: HandshakeLimits = {
  failures: 30,
  windowSeconds: 60,
  blockSeconds: 300,
};

export interface HandshakeLimiter {
  /** Whether this address is refused for now. */
  blocked(address: string): Promise<boolean>;
  /** A failed handshake (weight 1), or a dropped socket (DROP_WEIGHT). */
  failed(address: string, weight?: number): Promise<void>;
}

export function createHandshakeLimiter(limits: HandshakeLimits = DEFAULT_HANDSHAKE_LIMITS): HandshakeLimiter {
  const failures = new RateLimiterMemory({
    keyPrefix: 'wallboard-handshake',
    points: limits.failures,
    duration: limits.windowSeconds,
    blockDuration: limits.blockSeconds,
  });
  return {
    async blocked(address) {
      const res = await failures.get(address);
      return res !== null && res.consumedPoints > limits.failures;
    },
    async failed(address, weight = 1) {
      // consume rejects past the limit (that is what blocks the key); the rejection itself is expected.
      await failures.consume(address, weight).catch(() => undefined);
    },
  };
}
