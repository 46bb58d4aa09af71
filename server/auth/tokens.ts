import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets (session cookies, display tokens): 32 random bytes, base64url. Only their sha256
 * is stored; a 256-bit random token needs no salt or slow hash, as nobody can guess it to begin with.
 */
export function newToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time equality of two strings (a length difference returns early: lengths are not secret). */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Display tokens start with this, so a leaked one is recognisable (secret scanners, log review). */
export const DISPLAY_TOKEN_PREFIX = 'cbd_';
