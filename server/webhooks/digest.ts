import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NonceCounts } from './nonceCounts';

/**
 * HTTP Digest access authentication (RFC 7616), server side:
 *
 * - qop "auth" only (no auth-int: the body is read after authentication), algorithms SHA-256 and MD5
 *   (no -sess variants), realm "Callboard", any username, `userhash=false` only.
 * - nonce = `<issued ms>.<random>.<base64url HMAC-SHA256(digestKey, issued ms.random)>`: issuing keeps
 *   no state (a challenge costs an unauthenticated client nothing here); the random part makes every
 *   challenge's nonce its own, even two in the same millisecond. A nonce is good for NONCE_TTL_MS; an
 *   older one with a valid HMAC is *stale* (the client may retry with a fresh nonce without asking for
 *   the password again).
 * - Replays: qop=auth does not sign the body, so a captured header must not be accepted twice. Each
 *   accepted response records its `nc` per nonce (nonceCounts.ts); an nc not above the last one is
 *   answered as stale (a replay gets nothing; a client that sent out of order asks again).
 */
export const DIGEST_REALM = 'Callboard';
export const NONCE_TTL_MS = 5 * 60_000;
/** A nonce "issued" further in the future than this is forged or from another clock: invalid. */
const NONCE_FUTURE_SKEW_MS = 60_000;

export type DigestAlgorithm = 'SHA-256' | 'MD5';
const ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

/** The auth-params of an `Authorization: Digest …` header, names lowercased. */
export type DigestParams = ReadonlyMap<string, string>;

/**
 * Parse `auth-param *( "," auth-param )` (RFC 7235): `name=token` or `name="quoted \"string\""`.
 * Returns undefined for anything malformed; a repeated name is malformed too (RFC 7235 §2.1).
 */
export function parseAuthParams(input: string): DigestParams | undefined {
  const params = new Map<string, string>();
  let i = 0;
  const n = input.length;
  const skipSpace = () => {
    while (i < n && (input[i] === ' ' || input[i] === '\t')) i++;
  };
  while (i < n) {
    skipSpace();
    if (i >= n) break;
    const nameStart = i;
    while (i < n && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(input[i] ?? '')) i++;
    const name = input.slice(nameStart, i).toLowerCase();
    if (name === '') return undefined;
    skipSpace();
    if (input[i] !== '=') return undefined;
    i++;
    skipSpace();
    let value = '';
    if (input[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = input[i];
        if (c === '\\' && i + 1 < n) {
          value += input[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) return undefined;
    } else {
      const valueStart = i;
      while (i < n && input[i] !== ',' && input[i] !== ' ' && input[i] !== '\t') i++;
      value = input.slice(valueStart, i);
      if (value === '') return undefined;
    }
    if (params.has(name)) return undefined;
    params.set(name, value);
    skipSpace();
    if (i < n) {
      if (input[i] !== ',') return undefined;
      i++;
    }
  }
  return params;
}

export function issueNonce(key: Buffer, now: number): string {
  const body = `${Math.floor(now)}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${nonceMac(key, body)}`;
}

export type NonceCheck =
  | { readonly state: 'fresh' | 'stale'; readonly issuedAt: number }
  | { readonly state: 'invalid' };

export function checkNonce(key: Buffer, nonce: string, now: number): NonceCheck {
  const m = /^(\d{1,16})\.([\w-]{16})\.([\w-]+)$/.exec(nonce);
  if (!m) return { state: 'invalid' };
  const [, issued = '', random = '', mac = ''] = m;
  if (!sameSecret(mac, nonceMac(key, `${issued}.${random}`))) return { state: 'invalid' };
  const issuedAt = Number(issued);
  const age = now - issuedAt;
  if (age < -NONCE_FUTURE_SKEW_MS) return { state: 'invalid' };
  return { state: age > NONCE_TTL_MS ? 'stale' : 'fresh', issuedAt };
}

function nonceMac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(`callboard-digest-nonce:${body}`).digest('base64url');
}

/** The two challenges, SHA-256 first (RFC 7616 §3.7: the server lists its preferred algorithm first). */
export function digestChallenges(key: Buffer, now: number, stale: boolean): string[] {
  const nonce = issueNonce(key, now);
  return ALGORITHMS.map(
    (algorithm) =>
      `Digest realm="${DIGEST_REALM}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", charset=UTF-8, userhash=false${stale ? ', stale=true' : ''}`,
  );
}

export type DigestResult =
  /** `index` of the first secret the response was computed with. */
  | { readonly outcome: 'ok'; readonly index: number }
  /**
   * Credentials right but the nonce no longer good: expired, its nc already used (a replay, or
   * requests sent out of order), or no room to track it. Challenge again with stale=true (not an
   * authentication failure).
   */
  | { readonly outcome: 'stale' }
  | { readonly outcome: 'bad'; readonly reason: string };

export interface DigestRequest {
  readonly method: string;
  /** The request-target exactly as received (`req.url`). */
  readonly url: string;
  readonly key: Buffer;
  readonly now: number;
  /** The nc seen per nonce, kept by the receiver for its digestKey's lifetime. */
  readonly counts: NonceCounts;
}

/** Check a Digest response against each candidate secret. */
export function verifyDigest(
  params: DigestParams,
  request: DigestRequest,
  secrets: readonly string[],
): DigestResult {
  const bad = (reason: string): DigestResult => ({ outcome: 'bad', reason });
  const algorithm = algorithmOf(params.get('algorithm'));
  if (!algorithm) return bad('unsupported Digest algorithm');
  if (params.get('realm') !== DIGEST_REALM) return bad('wrong Digest realm');
  if (params.get('qop')?.toLowerCase() !== 'auth') return bad('Digest qop must be "auth"');
  const userhash = params.get('userhash');
  if (userhash !== undefined && userhash.toLowerCase() !== 'false')
    return bad('Digest userhash is not supported');
  const username = usernameOf(params);
  const nonce = params.get('nonce');
  const uri = params.get('uri');
  const nc = params.get('nc');
  const cnonce = params.get('cnonce');
  const response = params.get('response')?.toLowerCase();
  if (username === undefined || !nonce || uri === undefined || !nc || !cnonce || !response) {
    return bad('incomplete Digest credentials');
  }
  if (!/^[0-9a-f]{8}$/i.test(nc)) return bad('malformed Digest nc');
  if (uri !== request.url) return bad('Digest uri does not match the request');
  const nonceState = checkNonce(request.key, nonce, request.now);
  if (nonceState.state === 'invalid') return bad('invalid Digest nonce');
  const ha2 = hash(algorithm, `${request.method}:${uri}`);
  let matched = -1;
  secrets.forEach((secret, index) => {
    const ha1 = hash(algorithm, `${username}:${DIGEST_REALM}:${secret}`);
    const expected = hash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    if (sameSecret(response, expected) && matched < 0) matched = index;
  });
  if (matched < 0) return bad('wrong Digest response');
  if (nonceState.state === 'stale') return { outcome: 'stale' };
  // Only now, with the secret proven, may the request take a place in the nc table.
  const use = request.counts.use(nonce, Number.parseInt(nc, 16), nonceState.issuedAt, request.now);
  return use === 'ok' ? { outcome: 'ok', index: matched } : { outcome: 'stale' };
}

function algorithmOf(value: string | undefined): DigestAlgorithm | undefined {
  if (value === undefined) return 'MD5'; // RFC 7616 §3.4: absent means MD5
  const upper = value.toUpperCase();
  return ALGORITHMS.find((a) => a === upper);
}

/** `username`, or `username*` in RFC 8187 extended notation (UTF-8''percent-encoded). */
function usernameOf(params: DigestParams): string | undefined {
  const plain = params.get('username');
  const extended = params.get('username*');
  if (plain !== undefined && extended !== undefined) return undefined; // RFC 7616 §3.4.4: not both
  if (plain !== undefined) return plain;
  if (extended === undefined) return undefined;
  const m = /^utf-8'[^']*'(.*)$/i.exec(extended);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1] ?? '');
  } catch {
    return undefined;
  }
}

export function hash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
    .update(text, 'utf8')
    .digest('hex');
}

/**
 * Constant-time comparison that leaks neither content nor length: both sides are hashed to 32 bytes
 * first, so `timingSafeEqual` always compares equal-length buffers.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
