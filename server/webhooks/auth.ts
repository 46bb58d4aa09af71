import { hash, timingSafeEqual } from 'node:crypto';
import { DIGEST_REALM, digestChallenges, parseAuthParams, verifyDigest } from './digest';
import type { NonceCounts } from './nonceCounts';
import type { WebhookSourceConfig } from './types';

/**
 * Who sent a webhook. Accepted credentials, each checked against every secret of every enabled source
 * of the endpoint's kind (the matching secret also tells which source it is when one kind has several):
 *
 * - `Authorization: Bearer <secret>`
 * - `Authorization: Basic base64(<any user>:<secret>)`
 * - `Authorization: Digest …` (RFC 7616, see digest.ts)
 * - `Authorization: <secret>` with no scheme at all
 * - the secret as the last path segment, `/api/webhooks/3cx/<secret>`, or as `?token=<secret>`: 3CX's
 *   add-on and VoIPstudio cannot set headers.
 *
 * Tokens are compared in constant time over SHA-256 digests, so neither content nor length leaks.
 */
export interface AuthRequest {
  readonly method: string;
  /** The request-target exactly as received (Digest's `uri` must equal it). */
  readonly url: string;
  readonly authorization: string | undefined;
  readonly pathToken: string | undefined;
  readonly queryToken: string | undefined;
  readonly digestKey: Buffer;
  /** The Digest nc seen per nonce (replays are refused). */
  readonly nonceCounts: NonceCounts;
  readonly now: number;
}

export type AuthResult =
  | { readonly ok: true; readonly source: WebhookSourceConfig; readonly via: CredentialKind }
  | {
      readonly ok: false;
      /** Some credential was presented (and was wrong): counts as a failure for rate limiting. */
      readonly presented: boolean;
      /** A Digest response with the right secret but a nonce no longer good (expired, nc reused). */
      readonly stale: boolean;
      readonly reason: string;
    };

export type CredentialKind = 'bearer' | 'basic' | 'digest' | 'header' | 'path' | 'query';

export function authenticate(request: AuthRequest, candidates: readonly WebhookSourceConfig[]): AuthResult {
  const tokens: [CredentialKind, string][] = [];
  if (request.pathToken !== undefined) tokens.push(['path', request.pathToken]);
  if (request.queryToken !== undefined) tokens.push(['query', request.queryToken]);

  let digestReason: string | undefined;
  let stale = false;
  const header = request.authorization?.trim();
  if (header) {
    const space = header.indexOf(' ');
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const rest = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme === 'bearer') tokens.push(['bearer', rest]);
    else if (scheme === 'basic') tokens.push(['basic', basicPassword(rest) ?? '']);
    else if (scheme === 'digest') {
      const digest = digestAuth(rest, request, candidates);
      if (digest.ok) return digest;
      digestReason = digest.reason;
      stale = digest.stale;
    } else if (space < 0) {
      // A bare `Authorization: <secret>` without a scheme: some senders' "API key" option.
      tokens.push(['header', header]);
    } else digestReason = 'unsupported authorization scheme'; // never echoed: it may be a secret
  }

  for (const [via, token] of tokens) {
    const source = matchToken(token, candidates);
    if (source) return { ok: true, source, via };
  }
  const presented = Boolean(header) || tokens.length > 0;
  if (!presented) return { ok: false, presented: false, stale: false, reason: 'authentication required' };
  // A stale nonce with the right secret is no failure: the client retries with the fresh nonce.
  if (stale && tokens.length === 0)
    return { ok: false, presented: false, stale: true, reason: 'stale nonce' };
  return { ok: false, presented: true, stale, reason: digestReason ?? 'invalid credentials' };
}

function digestAuth(
  rest: string,
  request: AuthRequest,
  candidates: readonly WebhookSourceConfig[],
): AuthResult {
  const params = parseAuthParams(rest);
  if (!params) return { ok: false, presented: true, stale: false, reason: 'malformed Digest credentials' };
  const flat = candidates.flatMap((source) =>
    source.secrets.filter((secret) => secret !== '').map((secret) => ({ source, secret })),
  );
  const result = verifyDigest(
    params,
    {
      method: request.method,
      url: request.url,
      key: request.digestKey,
      now: request.now,
      counts: request.nonceCounts,
    },
    flat.map((c) => c.secret),
  );
  if (result.outcome === 'ok') {
    const match = flat[result.index];
    if (match) return { ok: true, source: match.source, via: 'digest' };
  }
  if (result.outcome === 'stale') return { ok: false, presented: true, stale: true, reason: 'stale nonce' };
  return {
    ok: false,
    presented: true,
    stale: false,
    reason: result.outcome === 'bad' ? result.reason : 'invalid credentials',
  };
}

function basicPassword(encoded: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * Every secret is compared (no early exit on a match), in constant time each, over SHA-256 digests
 * (equal lengths, as `sameSecret` does). The token is hashed once per request and each configured
 * secret once per process, not both per comparison: hashing was a visible share of the ingest path.
 */
function matchToken(
  token: string,
  candidates: readonly WebhookSourceConfig[],
): WebhookSourceConfig | undefined {
  const given = sha256(token);
  let found: WebhookSourceConfig | undefined;
  for (const source of candidates) {
    for (const secret of source.secrets) {
      if (secret !== '' && timingSafeEqual(given, secretDigest(secret)) && !found) found = source;
    }
  }
  return found;
}

const sha256 = (text: string) => hash('sha256', text, 'buffer');

/** Digests of configured secrets (a handful); bounded in case secrets are rotated often. */
const secretDigests = new Map<string, Buffer>();
function secretDigest(secret: string): Buffer {
  let d = secretDigests.get(secret);
  if (!d) {
    if (secretDigests.size >= 64) secretDigests.clear();
    d = sha256(secret);
    secretDigests.set(secret, d);
  }
  return d;
}

/** `WWW-Authenticate` values for a 401: Digest SHA-256, Digest MD5, Bearer, Basic. */
export function challenges(digestKey: Buffer, now: number, stale: boolean): string[] {
  return [
    ...digestChallenges(digestKey, now, stale),
    `Bearer realm="${DIGEST_REALM}"`,
    `Basic realm="${DIGEST_REALM}", charset="UTF-8"`,
  ];
}
