import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin';
import { clientIp, isHttps, ownOrigin, readCookie, sessionCookie } from './request';
import { fakeRequest } from './testing';

const withCookie = { cookie: 'callboard_session=abc', host: 'board.example.com:3000' };

describe('request facts', () => {
  it('read one cookie among several', () => {
    const req = fakeRequest({ headers: { cookie: 'a=1; callboard_session=t%2Bk; b=2' } });
    expect(readCookie(req, 'callboard_session')).toBe('t+k');
    expect(readCookie(req, 'missing')).toBeUndefined();
    expect(
      readCookie(fakeRequest({ headers: { cookie: 'callboard_session=%E0' } }), 'callboard_session'),
    ).toBe(undefined);
  });

  it('believe forwarded headers only with TRUST_PROXY, and then only the last hop', () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '6.6.6.6, 203.0.113.7', host: 'h' };
    const req = fakeRequest({ headers, remoteAddress: '10.0.0.1' });
    expect(isHttps(req, false)).toBe(false);
    expect(isHttps(req, true)).toBe(true);
    expect(clientIp(req, false)).toBe('10.0.0.1');
    expect(clientIp(req, true)).toBe('203.0.113.7');
    expect(isHttps(fakeRequest({ encrypted: true }), false)).toBe(true);
    expect(isHttps(fakeRequest({ headers: { 'x-forwarded-proto': 'https, http' } }), true)).toBe(false);
    expect(ownOrigin(req, true)).toBe('https://h');
    expect(ownOrigin(fakeRequest({ headers: { host: 'h', 'x-forwarded-host': 'evil' } }), false)).toBe(
      'http://h',
    );
  });

  it('make the session cookie httpOnly, SameSite=Strict, Path=/, Secure only over https', () => {
    expect(sessionCookie('tok', { secure: false, maxAgeSeconds: 60 })).toBe(
      'callboard_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=60',
    );
    expect(sessionCookie('tok', { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
  });
});

describe('originAllowed', () => {
  const check = (method: string, headers: Record<string, string>, trustProxy = false) =>
    originAllowed(fakeRequest({ method, headers }), { trustProxy });

  it('lets reads through and requires our own origin for cookie-carrying writes', () => {
    expect(check('GET', { ...withCookie, origin: 'https://evil.example' })).toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(check(method, { ...withCookie, origin: 'http://board.example.com:3000' }), method).toBe(true);
      expect(check(method, { ...withCookie, origin: 'https://evil.example' }), method).toBe(false);
    }
  });

  it('falls back to Referer, and refuses when neither is sent, or a scheme or port differs', () => {
    expect(check('POST', { ...withCookie, referer: 'http://board.example.com:3000/settings/users' })).toBe(
      true,
    );
    expect(check('POST', { ...withCookie, referer: 'http://evil.example/board.example.com:3000' })).toBe(
      false,
    );
    expect(check('POST', { ...withCookie, referer: 'not a url' })).toBe(false);
    expect(check('POST', withCookie)).toBe(false);
    expect(check('POST', { ...withCookie, origin: 'null' })).toBe(false);
    expect(check('POST', { ...withCookie, origin: 'https://board.example.com:3000' })).toBe(false);
    expect(check('POST', { ...withCookie, origin: 'http://board.example.com' })).toBe(false);
    expect(check('POST', { cookie: withCookie.cookie, origin: 'http://x' })).toBe(false); // no Host
  });

  it('behind a trusted proxy, expects the address the browser used', () => {
    const headers = { ...withCookie, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wall.example.com' };
    expect(check('POST', { ...headers, origin: 'https://wall.example.com' }, true)).toBe(true);
    expect(check('POST', { ...headers, origin: 'https://wall.example.com' }, false)).toBe(false);
  });

  it('exempts requests without the session cookie (Bearer tokens cannot be forged by a page)', () => {
    expect(check('POST', { authorization: 'Bearer x', origin: 'https://evil.example' })).toBe(true);
    expect(check('DELETE', { host: 'h', cookie: 'other=1', origin: 'https://evil.example' })).toBe(true);
  });
});
