import { describe, expect, it } from 'vitest';
import {
  checkNonce,
  DIGEST_REALM,
  digestChallenges,
  hash,
  issueNonce,
  NONCE_TTL_MS,
  parseAuthParams,
  sameSecret,
  verifyDigest,
} from './digest';
import { createNonceCounts } from './nonceCounts';

const KEY = Buffer.alloc(32, 3);
const T = Date.UTC(2026, 2, 10, 9);

describe('RFC 7616 §3.9.1 example (the hash composition verifyDigest uses)', () => {
  const ha2 = (alg: 'MD5' | 'SHA-256') => hash(alg, 'GET:/dir/index.html');
  const response = (alg: 'MD5' | 'SHA-256') =>
    hash(
      alg,
      `${hash(alg, 'Mufasa:http-auth@example.org:Circle of Life')}:7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v:00000001:f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ:auth:${ha2(alg)}`,
    );
  it('MD5', () => expect(response('MD5')).toBe('8ca523f5e9506fed4657c9700eebdbec'));
  it('SHA-256', () =>
    expect(response('SHA-256')).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'));
});

describe('parseAuthParams', () => {
  it('reads tokens and quoted strings with escapes, names case-insensitively', () => {
    const p = parseAuthParams(
      'username="Mu\\"fasa", Realm="Callboard",nc=00000001 ,  qop=auth, uri="/a?b=c,d"',
    );
    expect(p && Object.fromEntries(p)).toEqual({
      username: 'Mu"fasa',
      realm: 'Callboard',
      nc: '00000001',
      qop: 'auth',
      uri: '/a?b=c,d',
    });
  });

  it('refuses malformed lists and repeated names', () => {
    expect(parseAuthParams('username="unterminated')).toBeUndefined();
    expect(parseAuthParams('username')).toBeUndefined();
    expect(parseAuthParams('a=1 b=2')).toBeUndefined();
    expect(parseAuthParams('nonce="a", nonce="b"')).toBeUndefined();
    expect(parseAuthParams('a=')).toBeUndefined();
  });
});

describe('stateless nonces', () => {
  const state = (nonce: string, now: number, key = KEY) => checkNonce(key, nonce, now).state;

  it('fresh for 5 minutes, then stale; a forged or altered nonce is invalid', () => {
    const nonce = issueNonce(KEY, T);
    expect(checkNonce(KEY, nonce, T)).toEqual({ state: 'fresh', issuedAt: T });
    expect(state(nonce, T + NONCE_TTL_MS)).toBe('fresh');
    expect(state(nonce, T + NONCE_TTL_MS + 1)).toBe('stale');
    expect(state(nonce, T, Buffer.alloc(32, 4))).toBe('invalid');
    const [issued, random, mac] = nonce.split('.');
    expect(state(`${Number(issued) + 1}.${random}.${mac}`, T)).toBe('invalid');
    expect(state(`${issued}.${'A'.repeat(16)}.${mac}`, T)).toBe('invalid');
    expect(state(`${issued}.${mac}`, T)).toBe('invalid');
    expect(state('garbage', T)).toBe('invalid');
  });

  it('every challenge has its own nonce, even within one millisecond', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => issueNonce(KEY, T)));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(state(nonce, T)).toBe('fresh');
  });

  it('a nonce issued far in the future is invalid', () => {
    expect(state(issueNonce(KEY, T + 3600_000), T)).toBe('invalid');
  });

  it('challenges: SHA-256 first, then MD5, one nonce, stale only when asked', () => {
    const [sha, md5] = digestChallenges(KEY, T, false);
    expect(sha).toMatch(
      /^Digest realm="Callboard", qop="auth", algorithm=SHA-256, nonce="\d+\.[\w-]{16}\.[\w-]+"/,
    );
    expect(md5).toMatch(/algorithm=MD5/);
    expect(sha).not.toMatch(/stale/);
    expect(digestChallenges(KEY, T, true)[1]).toMatch(/, stale=true$/);
  });
});

describe('verifyDigest', () => {
  const nonce = issueNonce(KEY, T);
  function params(secret: string, over: Record<string, string> = {}, alg: 'MD5' | 'SHA-256' = 'SHA-256') {
    const p: Record<string, string> = {
      username: 'pbx',
      realm: DIGEST_REALM,
      nonce,
      uri: '/api/webhooks/portsip',
      algorithm: alg,
      qop: 'auth',
      nc: '00000001',
      cnonce: 'abc',
      ...over,
    };
    const ha1 = hash(alg, `${p.username}:${p.realm}:${secret}`);
    const ha2 = hash(alg, `POST:${p.uri}`);
    p.response = hash(alg, `${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
    return new Map(Object.entries(p));
  }
  /** Each check with its own nc table unless one is given. */
  const req = (counts = createNonceCounts({ ttlMs: NONCE_TTL_MS })) => ({
    method: 'POST',
    url: '/api/webhooks/portsip',
    key: KEY,
    now: T,
    counts,
  });

  it('finds which secret the response was made with', () => {
    expect(verifyDigest(params('b'), req(), ['a', 'b'])).toEqual({ outcome: 'ok', index: 1 });
  });

  it('algorithm absent means MD5', () => {
    const p = params('a', {}, 'MD5');
    p.delete('algorithm');
    expect(verifyDigest(p, req(), ['a'])).toEqual({ outcome: 'ok', index: 0 });
  });

  it('username* in RFC 8187 notation', () => {
    const p = params('a', { username: 'Jäsøn Doe' });
    p.delete('username');
    p.set('username*', "UTF-8''J%C3%A4s%C3%B8n%20Doe");
    expect(verifyDigest(p, req(), ['a'])).toEqual({ outcome: 'ok', index: 0 });
  });

  it('stale only when the response is right', () => {
    const later = { ...req(), now: T + NONCE_TTL_MS + 1 };
    expect(verifyDigest(params('a'), later, ['a'])).toEqual({ outcome: 'stale' });
    expect(verifyDigest(params('x'), later, ['a'])).toMatchObject({ outcome: 'bad' });
  });

  it('refuses -sess algorithms, other qops, userhash, a bad nc, and the wrong method', () => {
    expect(verifyDigest(params('a', { algorithm: 'SHA-256-sess' }), req(), ['a'])).toMatchObject({
      outcome: 'bad',
    });
    expect(verifyDigest(params('a', { qop: 'auth-int' }), req(), ['a'])).toMatchObject({ outcome: 'bad' });
    expect(verifyDigest(params('a', { userhash: 'true' }), req(), ['a'])).toMatchObject({ outcome: 'bad' });
    expect(verifyDigest(params('a', { nc: '1' }), req(), ['a'])).toMatchObject({ outcome: 'bad' });
    expect(verifyDigest(params('a'), { ...req(), method: 'GET' }, ['a'])).toMatchObject({
      outcome: 'bad',
      reason: 'wrong Digest response',
    });
    expect(verifyDigest(params('a', { userhash: 'false' }), req(), ['a'])).toMatchObject({ outcome: 'ok' });
  });
});

describe('nonce counts (replays)', () => {
  const nonce = issueNonce(KEY, T);
  const signed = (nc: string) => {
    const ha1 = hash('SHA-256', `pbx:${DIGEST_REALM}:a`);
    const ha2 = hash('SHA-256', 'POST:/api/webhooks/portsip');
    const p = {
      username: 'pbx',
      realm: DIGEST_REALM,
      nonce,
      uri: '/api/webhooks/portsip',
      algorithm: 'SHA-256',
      qop: 'auth',
      nc,
      cnonce: 'abc',
      response: hash('SHA-256', `${ha1}:${nonce}:${nc}:abc:auth:${ha2}`),
    };
    return new Map(Object.entries(p));
  };
  const at = (counts: ReturnType<typeof createNonceCounts>) => ({
    method: 'POST',
    url: '/api/webhooks/portsip',
    key: KEY,
    now: T,
    counts,
  });

  it('the same nc twice is refused (as stale); a higher one is accepted; a lower one is refused', () => {
    const counts = createNonceCounts({ ttlMs: NONCE_TTL_MS });
    expect(verifyDigest(signed('00000001'), at(counts), ['a'])).toEqual({ outcome: 'ok', index: 0 });
    expect(verifyDigest(signed('00000001'), at(counts), ['a'])).toEqual({ outcome: 'stale' });
    expect(verifyDigest(signed('0000000a'), at(counts), ['a'])).toEqual({ outcome: 'ok', index: 0 });
    expect(verifyDigest(signed('00000002'), at(counts), ['a'])).toEqual({ outcome: 'stale' });
    expect(verifyDigest(signed('0000000A'), at(counts), ['a'])).toEqual({ outcome: 'stale' });
  });

  it('a wrong response never takes a place in the table', () => {
    const counts = createNonceCounts({ ttlMs: NONCE_TTL_MS });
    expect(verifyDigest(signed('00000001'), at(counts), ['b'])).toMatchObject({ outcome: 'bad' });
    expect(counts.size).toBe(0);
  });

  it('bounded: when full of live nonces a new nonce is refused, never accepted untracked', () => {
    const counts = createNonceCounts({ ttlMs: 1000, max: 3 });
    for (const n of ['n1', 'n2', 'n3']) expect(counts.use(n, 1, T, T)).toBe('ok');
    expect(counts.use('n4', 1, T, T + 10)).toBe('full');
    expect(counts.use('n4', 1, T, T + 10)).toBe('full');
    // Known nonces keep working (and keep refusing replays) while full.
    expect(counts.use('n2', 2, T, T + 10)).toBe('ok');
    expect(counts.use('n2', 2, T, T + 10)).toBe('replayed');
    // Once the old nonces expire (they would be stale anyway), they make room.
    expect(counts.use('n4', 1, T + 500, T + 1001)).toBe('ok');
    expect(counts.size).toBe(1);
  });

  it('an entry behind a younger one is still found when the table is full', () => {
    const counts = createNonceCounts({ ttlMs: 1000, max: 2 });
    expect(counts.use('young', 1, T + 900, T + 900)).toBe('ok');
    expect(counts.use('old', 1, T, T + 950)).toBe('ok');
    expect(counts.use('new', 1, T + 1500, T + 1500)).toBe('ok');
    expect(counts.size).toBe(2);
  });
});

describe('sameSecret', () => {
  it('compares content, whatever the lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
  });
});
